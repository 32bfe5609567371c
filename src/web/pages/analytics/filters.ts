/**
 * The analytics filters live in the address (`/analyse?fane=overblik&fra=2026-01-01&til=2026-06-30&team=3&maalgruppe=2`),
 * so a view can be shared by copying the link. Every tab reads them from here and changes them only through `setFilters`.
 */
import { navigate } from '../../router.tsx';
import { todayOnServer } from '../../api.ts';

export type AnalyticsTab = 'overblik' | 'sammenligning' | 'proevehandlinger' | 'oekonomi' | 'rapport';
export const TABS: [AnalyticsTab, string][] = [
  ['overblik', 'Overblik'],
  ['sammenligning', 'Sammenligning'],
  ['proevehandlinger', 'Prøvehandlinger'],
  ['oekonomi', 'Økonomi'],
  ['rapport', 'Rapport'],
];

export interface AnalyticsFilters {
  tab: AnalyticsTab;
  /** The period, both days included (YYYY-MM-DD). */
  from: string;
  to: string;
  teamId: number | null;
  targetGroup: 1 | 2 | 3 | 4 | null;
}

/** The default period: the last twelve whole months up to today. */
export function defaultPeriod(today = todayOnServer()): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number);
  const from = `${m === 12 ? y : y - 1}-${String((m % 12) + 1).padStart(2, '0')}-01`;
  return { from, to: today };
}

const isDay = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);

export function readFilters(search: string): AnalyticsFilters {
  const q = new URLSearchParams(search);
  const tab = TABS.find(([t]) => t === q.get('fane'))?.[0] ?? 'overblik';
  const d = defaultPeriod();
  const team = Number(q.get('team'));
  const tg = Number(q.get('maalgruppe'));
  return {
    tab,
    from: isDay(q.get('fra')) ? q.get('fra')! : d.from,
    to: isDay(q.get('til')) ? q.get('til')! : d.to,
    teamId: Number.isInteger(team) && team > 0 ? team : null,
    targetGroup: [1, 2, 3, 4].includes(tg) ? (tg as 1 | 2 | 3 | 4) : null,
  };
}

export function filtersToSearch(f: AnalyticsFilters): string {
  const q = new URLSearchParams({ fane: f.tab, fra: f.from, til: f.to });
  if (f.teamId) q.set('team', String(f.teamId));
  if (f.targetGroup) q.set('maalgruppe', String(f.targetGroup));
  return '?' + q.toString();
}

/** The same filters as the API's query string (`from`, `to`, `teamId`, `targetGroup`). */
export function apiQuery(f: AnalyticsFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ from: f.from, to: f.to, ...extra });
  if (f.teamId) q.set('teamId', String(f.teamId));
  if (f.targetGroup) q.set('targetGroup', String(f.targetGroup));
  return q.toString();
}

export const setFilters = (f: AnalyticsFilters) => navigate('/analyse' + filtersToSearch(f));
