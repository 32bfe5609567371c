/** Sammenligning med sammenlignelige kommuner fra en indlæst benchmarkfil. */
import type { AnalyticsFilters } from './filters.ts';

export function ComparisonTab(_props: { filters: AnalyticsFilters }) {
  return <p>Kommer snart.</p>;
}
