/**
 * The citizen's course overview on the case page (issue 9): the same overview the citizen gets as PDF with the
 * orientation letter, drawn as a vertical timeline (it fits a phone and scales to the width) with the items as a table
 * under it, so the drawing is never the only place the dates are; and a link to the printable PDF.
 */
import { useEffect, useId, useState } from 'react';
import { api, ApiError } from '../api.ts';
import { formatDate } from '../components.tsx';
import type { CourseItem, CourseOverview } from '../../domain/courseOverview.ts';

/** GET /api/cases/:id/course-overview */
export type CourseOverviewView = CourseOverview & { caseId: number; municipality: string };

const ACCENT = '#0b5cad';
const DONE = '#8a929e';
const TODAY = '#b00020';
const MUTED = '#5a6270';

const SHORT = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const shortDate = (d: string) => SHORT.format(new Date(`${d}T00:00:00Z`));

/** Rows of the drawing: the items in date order, with "I dag" placed before the first item that is not behind us. */
type Row = { kind: 'item'; item: CourseItem } | { kind: 'today' };
function rowsOf(o: CourseOverview): Row[] {
  const rows: Row[] = [];
  let todayPlaced = false;
  for (const item of o.items) {
    if (!todayPlaced && item.date >= o.today) { rows.push({ kind: 'today' }); todayPlaced = true; }
    rows.push({ kind: 'item', item });
  }
  if (!todayPlaced) rows.push({ kind: 'today' });
  return rows;
}

const W = 400;
const ROW = 40;
const TODAY_ROW = 28;
const LINE_X = 92;

/** The timeline as an SVG image; its text alternative says what it shows and points to the table below. */
export function CourseTimeline({ overview }: { overview: CourseOverview }) {
  const titleId = useId();
  const rows = rowsOf(overview);
  let y = 6;
  const placed = rows.map((r) => { const at = y; y += r.kind === 'today' ? TODAY_ROW : ROW; return { r, y: at }; });
  const height = y + 4;
  const dots = placed.filter((p) => p.r.kind === 'item');
  const today = placed.find((p) => p.r.kind === 'today')!;
  const top = dots.length ? dots[0].y + 10 : today.y + 12;
  const bottom = dots.length ? dots[dots.length - 1].y + 10 : today.y + 12;
  const items = overview.items;
  const summary = items.length
    ? `Tidslinje over borgerens forløb: ${items.length} punkter fra uge ${items[0].week} til uge ${items[items.length - 1].week}, `
      + `${items.filter((i) => i.done).length} overstået. Tabellen under tidslinjen viser de samme punkter med dato.`
    : 'Tidslinje over borgerens forløb: der er ingen datoer endnu.';
  return (
    <svg viewBox={`0 0 ${W} ${height}`} width="100%" role="img" aria-labelledby={titleId} style={{ maxWidth: 560, display: 'block' }}>
      <title id={titleId}>{summary}</title>
      <line x1={LINE_X} x2={LINE_X} y1={top} y2={bottom} stroke="#c4c9d1" strokeWidth={3} strokeLinecap="round" />
      {today.y + 12 > top && <line x1={LINE_X} x2={LINE_X} y1={top} y2={Math.min(today.y + 12, bottom)} stroke={MUTED} strokeWidth={3} strokeLinecap="round" />}
      {placed.map(({ r, y: ry }, n) => r.kind === 'today' ? (
        <g key="today">
          <line x1={LINE_X - 9} x2={LINE_X + 9} y1={ry + 12} y2={ry + 12} stroke={TODAY} strokeWidth={2.5} />
          <text x={LINE_X - 16} y={ry + 16} fontSize={11} textAnchor="end" fill={TODAY}>{shortDate(overview.today)}</text>
          <text x={LINE_X + 16} y={ry + 16} fontSize={12} fontWeight={700} fill={TODAY}>I dag</text>
        </g>
      ) : (
        <g key={n}>
          <circle cx={LINE_X} cy={ry + 10} r={6.5} fill={r.item.done ? DONE : ACCENT} stroke="#fff" strokeWidth={2} />
          <text x={LINE_X - 16} y={ry + 15} fontSize={13} fontWeight={700} textAnchor="end" fill={r.item.done ? DONE : ACCENT}>uge {r.item.week}</text>
          <text x={LINE_X - 16} y={ry + 30} fontSize={11} textAnchor="end" fill={MUTED}>{shortDate(r.item.date)}</text>
          <text x={LINE_X + 16} y={ry + 15} fontSize={13} fontWeight={600} fill={r.item.done ? MUTED : '#1b1f24'}>{r.item.title}</text>
        </g>
      ))}
    </svg>
  );
}

/** The case page's panel: fetches the overview, draws it, lists it, links to the PDF. `version` refetches after a change. */
export function CourseOverviewPanel({ caseId, version }: { caseId: number; version?: number }) {
  const [overview, setOverview] = useState<CourseOverviewView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api<CourseOverviewView>('GET', `/api/cases/${caseId}/course-overview`)
      .then((o) => { if (live) { setOverview(o); setError(null); } })
      .catch((e: ApiError) => { if (live) setError(e.message); });
    return () => { live = false; };
  }, [caseId, version]);
  const headingId = `course-${caseId}`;

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Forløbsoversigt til borgeren</h2>
      {error && <p role="alert" className="error">{error}</p>}
      {!overview && !error && <p className="muted">Henter forløbsoversigten …</p>}
      {overview && (
        <>
          <p className="actions">
            <a href={`/api/cases/${caseId}/course-overview.pdf`} target="_blank" rel="noopener">Udskriv / PDF</a>
            <span className="muted">Sendes også som bilag til orienteringsbrevet.</span>
          </p>
          <p>{overview.intro}</p>
          {overview.fastTrack && <p><strong>{overview.fastTrack}</strong></p>}
          <CourseTimeline overview={overview} />
          {overview.items.length > 0 && (
            <div className="table-box" tabIndex={0} role="region" aria-label="Forløbet punkt for punkt">
              <table>
                <caption className="visually-hidden">Forløbet punkt for punkt. I dag er {formatDate(overview.today)}.</caption>
                <thead><tr><th scope="col">Dato</th><th scope="col">Uge</th><th scope="col">Hvad sker der</th></tr></thead>
                <tbody>
                  {overview.items.map((i, n) => (
                    <tr key={n} className={i.done ? 'muted' : undefined}>
                      <td>{formatDate(i.date)}</td>
                      <td>{i.week}</td>
                      <td>
                        <strong>{i.title}</strong>{i.done && <> <span className="badge closed">Overstået</span></>}
                        <br />{i.text}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
