/** Prøvehandlinger: mærkede sager sammenlignet med umærkede i samme målgruppe og periode. */
import type { AnalyticsFilters } from './filters.ts';

export function TrialsTab(_props: { filters: AnalyticsFilters }) {
  return <p>Kommer snart.</p>;
}
