/** Overblik: bestand, til- og afgang, sagsstamme, varighed, afgange, brancher og frister. */
import type { AnalyticsFilters } from './filters.ts';

export function OverviewTab(_props: { filters: AnalyticsFilters }) {
  return <p>Kommer snart.</p>;
}
