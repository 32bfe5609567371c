import type { Queryable } from './engine.ts';

/** Multi-row INSERT in chunks (PostgreSQL allows 65,535 parameters per statement). */
export async function insertRows<R = never>(
  tx: Queryable,
  table: string,
  columns: string[],
  rows: unknown[][],
  returning?: string,
): Promise<R[]> {
  const out: R[] = [];
  const chunk = Math.max(1, Math.floor(60_000 / columns.length));
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const params: unknown[] = [];
    const values = part.map((row) => `(${row.map((v) => { params.push(v); return `$${params.length}`; }).join(', ')})`);
    const res = await tx.query<R>(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}${returning ? ` RETURNING ${returning}` : ''}`,
      params,
    );
    out.push(...res);
  }
  return out;
}
