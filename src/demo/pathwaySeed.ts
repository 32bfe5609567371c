/** Demo data for issue 10: pathways, interventions, suppliers and orders. Runs inside the demo seed's transaction, after the cases exist. */
import type { Queryable } from '../db/engine.ts';
import type { IsoDate } from '../domain/dates.ts';

export async function seedPathways(_tx: Queryable, _opts: { today: IsoDate }): Promise<void> {
  // Filled in with the slice.
}
