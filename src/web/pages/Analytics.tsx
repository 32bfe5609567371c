/** Analyse (/analyse): management dashboards, economics and the committee report (issue 11). */
import type { User } from '../api.ts';

export function AnalyticsPage(_props: { user: User }) {
  return <main><h1>Analyse</h1><p>Kommer snart.</p></main>;
}
