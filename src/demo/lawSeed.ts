/** Demo rows for extensions (SDL § 27) and sanctions (SDL § 21) on a few demo cases. */
import type { Queryable } from '../db/engine.ts';
import type { IsoDate } from '../domain/dates.ts';

export async function seedLawRecords(_tx: Queryable, _opts: { today: IsoDate }): Promise<void> {
  // Rows arrive with the rest of issue 10.
}
