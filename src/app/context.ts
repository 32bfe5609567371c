import type { Database } from '../db/engine.ts';
import type { Actor } from '../domain/permissions.ts';
import type { IsoDate } from '../domain/dates.ts';

/** What every use case gets: the database, who is acting, which endpoint asked (for the audit log) and today's date. */
export interface Ctx {
  db: Database;
  actor: Actor;
  endpoint: string;
  today: IsoDate;
}
