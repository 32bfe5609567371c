/** Statusrapport til udvalget: PDF, DOCX, XLSX og CSV. */
import type { AnalyticsFilters } from './filters.ts';

export function ReportTab(_props: { filters: AnalyticsFilters }) {
  return <p>Kommer snart.</p>;
}
