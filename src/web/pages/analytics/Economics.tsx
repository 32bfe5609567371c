/** Økonomi: sagsstammebudget og business case fra de aktuelle tal. */
import type { AnalyticsFilters } from './filters.ts';

export function EconomicsTab(_props: { filters: AnalyticsFilters }) {
  return <p>Kommer snart.</p>;
}
