import type { Database, Queryable } from '../db/engine.ts';
import { audit, type AuditEvent } from '../db/audit.ts';
import type { Actor } from '../domain/permissions.ts';
import type { IsoDate } from '../domain/dates.ts';

/** What every use case gets: the database, who is acting, which endpoint asked (for the audit log), and the time from the one clock. */
export interface Ctx {
  db: Database;
  actor: Actor;
  endpoint: string;
  today: IsoDate;
  /** The moment of the request (src/clock.ts); timestamps written by the use case use it. */
  now: Date;
}

export type AccessEntry = Omit<AuditEvent, 'at' | 'userId' | 'endpoint'>;

/** Audits what the acting user read or wrote, on the transaction that read or wrote it. */
export const auditAs = (ctx: Ctx, tx: Queryable, entries: AccessEntry | AccessEntry[]) =>
  audit(tx, (Array.isArray(entries) ? entries : [entries]).map((e) => ({ ...e, at: ctx.now, userId: ctx.actor.id, endpoint: ctx.endpoint })));
