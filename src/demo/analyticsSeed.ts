/** Demo rows for the analytics: a benchmark file, trials with tagged cases, employee counts (issue 11). */
import type { Queryable } from '../db/engine.ts';
import type { IsoDate } from '../domain/dates.ts';

export async function seedAnalytics(_tx: Queryable, _opts: { today: IsoDate }): Promise<void> {
  // Rows arrive with issue 11.
}
