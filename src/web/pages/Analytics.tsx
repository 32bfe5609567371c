/**
 * Analyse (/analyse): management dashboards, comparison with other municipalities, trials, economics and the
 * committee report (issue 11). Pseudonymised throughout: the API never hands this page a CPR number or a name.
 * The filters (period, team, target group) and the tab are in the address, so a view can be shared as a link.
 */
import { useEffect, useState } from 'react';
import { api, type User } from '../api.ts';
import { SelectField, TextField } from '../components.tsx';
import { Link } from '../router.tsx';
import { TARGET_GROUPS } from '../../domain/caseFields.ts';
import { TABS, filtersToSearch, readFilters, setFilters, type AnalyticsFilters } from './analytics/filters.ts';
import { OverviewTab } from './analytics/Overview.tsx';
import { ComparisonTab } from './analytics/Comparison.tsx';
import { TrialsTab } from './analytics/Trials.tsx';
import { EconomicsTab } from './analytics/Economics.tsx';
import { ReportTab } from './analytics/Report.tsx';

interface Team { id: number; name: string }

export function AnalyticsPage({ user }: { user: User }) {
  const filters = readFilters(window.location.search);
  const [teams, setTeams] = useState<Team[]>([]);
  useEffect(() => { api<Team[]>('GET', '/api/analytics/teams').then(setTeams).catch(() => setTeams([])); }, []);
  const change = (p: Partial<AnalyticsFilters>) => setFilters({ ...filters, ...p });
  const Tab = { overblik: OverviewTab, sammenligning: ComparisonTab, proevehandlinger: TrialsTab, oekonomi: EconomicsTab, rapport: ReportTab }[filters.tab];
  return (
    <main className="analytics">
      <h1>Analyse</h1>
      <nav className="tabs" aria-label="Analyser">
        {TABS.map(([t, label]) => (
          <Link key={t} href={'/analyse' + filtersToSearch({ ...filters, tab: t })} aria-current={filters.tab === t ? 'page' : undefined}>{label}</Link>
        ))}
      </nav>
      <form className="filters" aria-label="Filtre" onSubmit={(e) => e.preventDefault()}>
        <TextField label="Fra" type="date" name="from" value={filters.from} onChange={(e) => e.target.value && change({ from: e.target.value })} />
        <TextField label="Til" type="date" name="to" value={filters.to} onChange={(e) => e.target.value && change({ to: e.target.value })} />
        {user.role !== 'team_leader' && (
          <SelectField label="Team" name="teamId" value={filters.teamId ?? ''} onChange={(e) => change({ teamId: e.target.value ? Number(e.target.value) : null })}
            options={[['', 'Alle teams'], ...teams.map((t) => [String(t.id), t.name] as [string, string])]} />
        )}
        <SelectField label="Målgruppe" name="targetGroup" value={filters.targetGroup ?? ''} onChange={(e) => change({ targetGroup: e.target.value ? (Number(e.target.value) as 1) : null })}
          options={[['', 'Alle målgrupper'], ...Object.entries(TARGET_GROUPS).map(([k, v]) => [k, `${k}: ${v}`] as [string, string])]} />
      </form>
      <Tab filters={filters} />
    </main>
  );
}
