/** The audit log: written in the same transaction as the read or write it describes. Append-only (migration 004). */
import type { Queryable } from './engine.ts';

export interface AuditEvent {
  at: Date;
  userId: number | null;
  operation: 'read' | 'write' | 'refused';
  entity: string;
  entityId?: string | number | null;
  citizenId?: number | null;
  endpoint: string;
  details?: Record<string, unknown>;
}

export async function audit(tx: Queryable, events: AuditEvent | AuditEvent[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  const values: unknown[] = [];
  const rows = list.map((e, i) => {
    values.push(e.at, e.userId, e.operation, e.entity, e.entityId == null ? null : String(e.entityId), e.citizenId ?? null, e.endpoint, e.details ? JSON.stringify(e.details) : null);
    const b = i * 8;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}::jsonb)`;
  });
  await tx.query(
    `INSERT INTO audit_entry (at, user_id, operation, entity, entity_id, citizen_id, endpoint, details) VALUES ${rows.join(', ')}`,
    values,
  );
}
