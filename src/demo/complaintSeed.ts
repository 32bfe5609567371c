/** Demo data for issue 10: complaints and appeals. Runs inside the demo seed's transaction, after the cases exist. */
import type { Queryable } from '../db/engine.ts';
import type { IsoDate } from '../domain/dates.ts';

export async function seedComplaints(_tx: Queryable, _opts: { today: IsoDate }): Promise<void> {
  // Filled in with the slice.
}
