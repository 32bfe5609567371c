/** Demo data for issue 10: benefit histories. Runs inside the demo seed's transaction, after the cases exist. */
import type { Queryable } from '../db/engine.ts';
import type { IsoDate } from '../domain/dates.ts';

export async function seedBenefitHistory(_tx: Queryable, _opts: { today: IsoDate }): Promise<void> {
  // Filled in with the slice.
}
