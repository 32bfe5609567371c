/** The team leader's page: caseload against the target, overdue work, bulk reassignment and the weekly results. */
import { useEffect, useState } from 'react';
import { api, ApiError, todayOnServer, type User } from '../api.ts';
import { ErrorSummary, SelectField, TextField, formatDate } from '../components.tsx';
import { Link } from '../router.tsx';
import { EXIT_REASONS, TARGET_GROUPS } from '../../domain/caseFields.ts';
import { EVENT_KINDS, type EventKind } from '../../domain/events.ts';

interface Worker { id: number; name: string; role: string; teamName: string; openCases: number; overdue: number; tg1: number; tg2: number; tg3: number; tg4: number; clarification: number }
interface Overview { target: number; band: [number, number]; caseworkers: Worker[]; totals: { openCases: number; overdue: number; byTargetGroup: Record<string, number>; clarification: number; averageCaseload: number; caseworkersAtTarget: number } }
interface WeeklyRow { caseworkerId: number | null; name: string; meetingsHeld: number; noShows: number; casesOpened: number; casesClosed: number; closedByReason: Record<string, number>; overdueDeadlines: number; medianWeeksOnBenefit: number | null; deadlinesMoved: number; decisionsSentNow: number }
interface Weekly { from: string; to: string; rows: WeeklyRow[]; team: WeeklyRow }
interface CaseItem { id: number; version: number; firstAbsenceDay: string; citizen: { name: string } }

export function Team({ user }: { user: User }) {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [from, setFrom] = useState<Worker[] | null>(null);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [notice, setNotice] = useState('');
  const load = () => api<Overview>('GET', '/api/team/overview').then(setOverview);
  useEffect(() => { void load(); }, []);
  if (!overview) return <main><p>Henter teamet …</p></main>;
  const [low, high] = overview.band;
  return (
    <main>
      <h1>Team</h1>
      {notice && <p className="notice" role="status">{notice}</p>}
      <section aria-labelledby="load-h">
        <h2 id="load-h">Sagsstamme</h2>
        <p>Mål: <strong>{overview.target}</strong> sager pr. sagsbehandler (anbefalet {low}-{high}). Gennemsnit nu: <strong>{overview.totals.averageCaseload}</strong>. {overview.totals.openCases} åbne sager kræver {overview.totals.caseworkersAtTarget} sagsbehandlere ved målet.</p>
        <div className="actions">
          <button disabled={picked.size === 0} onClick={() => setFrom(overview.caseworkers.filter((w) => picked.has(w.id)))}>Flyt sager fra de valgte ({picked.size})</button>
        </div>
        <div className="table-box" tabIndex={0}><table className="list">
          <thead><tr><th scope="col"><span className="visually-hidden">Vælg</span></th><th scope="col">Sagsbehandler</th><th scope="col">Team</th><th scope="col">Åbne sager</th><th scope="col">Mod målet</th>
            {[1, 2, 3, 4].map((g) => <th scope="col" key={g} title={TARGET_GROUPS[g as 1]}>Målgr. {g}</th>)}<th scope="col">Jobafkl.</th><th scope="col">Overskredne frister</th><th scope="col"><span className="visually-hidden">Handlinger</span></th></tr></thead>
          <tbody>
            {overview.caseworkers.map((w) => (
              <tr key={w.id} className={w.openCases > high ? 'over' : undefined}>
                <td><input type="checkbox" aria-label={`Vælg ${w.name}`} checked={picked.has(w.id)} onChange={() => setPicked((p) => { const n = new Set(p); if (n.has(w.id)) n.delete(w.id); else n.add(w.id); return n; })} /></td>
                <td><Link href={`/arbejdsliste?caseworkerId=${w.id}`}>{w.name}</Link></td><td>{w.teamName}</td>
                <td>{w.openCases}</td>
                <td><span className={`badge ${w.openCases > high ? 'overdue' : w.openCases < low ? 'closed' : ''}`}>{w.openCases - overview.target > 0 ? '+' : ''}{w.openCases - overview.target}</span></td>
                <td>{w.tg1}</td><td>{w.tg2}</td><td>{w.tg3}</td><td>{w.tg4}</td><td>{w.clarification}</td>
                <td>{w.overdue > 0 ? <span className="badge overdue">{w.overdue}</span> : 0}</td>
                <td><button className="secondary small" onClick={() => setFrom([w])} aria-label={`Flyt sager fra ${w.name}`}>Flyt sager</button></td>
              </tr>
            ))}
          </tbody>
          <tfoot><tr><td /><th scope="row">I alt</th><td /><td>{overview.totals.openCases}</td><td />{[1, 2, 3, 4].map((g) => <td key={g}>{overview.totals.byTargetGroup[g]}</td>)}<td>{overview.totals.clarification}</td><td>{overview.totals.overdue}</td><td /></tr></tfoot>
        </table></div>
      </section>
      {from && <Reassign key={from.map((w) => w.id).join(',')} from={from} workers={overview.caseworkers} onCancel={() => setFrom(null)} onDone={async (msg) => { setFrom(null); setPicked(new Set()); setNotice(msg); await load(); }} />}
      <Unhandled />
      <WeeklyResults key={user.id} />
    </main>
  );
}

/** Moves cases from one or more caseworkers to another in one transaction (all or none). */
function Reassign({ from, workers, onCancel, onDone }: { from: Worker[]; workers: Worker[]; onCancel: () => void; onDone: (m: string) => Promise<void> }) {
  const [cases, setCases] = useState<(CaseItem & { caseworkerId: number })[]>([]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [count, setCount] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    Promise.all(from.map((w) => api<{ cases: (CaseItem & { caseworkerId: number })[] }>('GET', `/api/cases?caseworkerId=${w.id}&status=open&limit=200`)))
      .then((rs) => setCases(rs.flatMap((r) => r.cases)));
  }, [from]);
  const names = from.map((w) => w.name).join(' og ');
  const toggle = (id: number) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  // "The first N" from each source caseworker: 10 each from the two busiest is 20 in all.
  const pickFirst = () => setSelected(new Set(from.flatMap((w) => cases.filter((c) => c.caseworkerId === w.id).slice(0, Number(count) || 0).map((c) => c.id))));
  const submit = async () => {
    try {
      const r = await api<{ moved: number[] }>('POST', '/api/cases/bulk-assign', { cases: cases.filter((c) => selected.has(c.id)).map((c) => ({ id: c.id, version: c.version })), caseworkerId: to ? Number(to) : undefined, reason });
      await onDone(`${r.moved.length} sager er flyttet fra ${names}.`);
    } catch (e) { setError(e as ApiError); }
  };
  return (
    <section className="panel" aria-labelledby="move-h">
      <h2 id="move-h">Flyt sager fra {names}</h2>
      <ErrorSummary error={error?.problem ?? null} />
      <div className="filters">
 <TextField label={from.length > 1 ? 'Antal fra hver' : 'Antal'} name="count" inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} />
        <button type="button" className="secondary" onClick={pickFirst}>Vælg de første</button>
        <SelectField label="Til sagsbehandler" name="to" value={to} onChange={(e) => setTo(e.target.value)} error={error?.fields.caseworkerId}
          options={[['', 'Vælg'], ...workers.filter((w) => !from.some((f) => f.id === w.id)).map((w) => [String(w.id), `${w.name} (${w.openCases})`] as [string, string])]} />
        <TextField label="Begrundelse" name="moveReason" value={reason} onChange={(e) => setReason(e.target.value)} error={error?.fields.reason} />
      </div>
      <p>{selected.size} valgt</p>
      {error?.fields.cases && <p className="error" role="alert">{error.fields.cases}</p>}
      <div className="scroll">
        <div className="table-box" tabIndex={0}><table className="list">
          <thead><tr><th scope="col"><span className="visually-hidden">Vælg</span></th><th scope="col">Sag</th><th scope="col">Borger</th><th scope="col">Første fraværsdag</th><th scope="col">Sagsbehandler</th></tr></thead>
          <tbody>{cases.map((c) => (
            <tr key={c.id}><td><input type="checkbox" aria-label={`Vælg sag ${c.id}`} checked={selected.has(c.id)} onChange={() => toggle(c.id)} /></td><td>{c.id}</td><td>{c.citizen.name}</td><td>{formatDate(c.firstAbsenceDay)}</td><td>{from.find((w) => w.id === c.caseworkerId)?.name}</td></tr>
          ))}</tbody>
        </table></div>
      </div>
      <div className="actions">
        <button onClick={submit}>Flyt {selected.size} sager</button>
        <button className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </section>
  );
}

function WeeklyResults() {
  const [week, setWeek] = useState(todayOnServer());
  const [data, setData] = useState<Weekly | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => { api<Weekly>('GET', `/api/team/weekly?week=${week}`).then((d) => { setData(d); setError(null); }, setError); }, [week]);
  const reasons = data ? Object.keys(EXIT_REASONS).filter((k) => (data.team.closedByReason[k] ?? 0) > 0) : [];
  return (
    <section aria-labelledby="week-h">
      <h2 id="week-h">Ugens resultater</h2>
      <div className="filters">
        <TextField label="Uge (en dag i ugen)" name="week" type="date" value={week} onChange={(e) => setWeek(e.target.value)} error={error?.fields.week} />
        {data && <><a className="button" href={`/api/team/weekly.xlsx?week=${data.from}`}>Hent som Excel</a><a className="button" href={`/api/team/weekly.csv?week=${data.from}`}>Hent som CSV</a></>}
      </div>
      {data && (
        <div className="table-box" tabIndex={0}><table className="list">
          <caption>Uge fra {formatDate(data.from)} til {formatDate(data.to)}</caption>
          <thead><tr><th scope="col">Sagsbehandler</th><th scope="col">Samtaler</th><th scope="col">Udeblivelser</th><th scope="col">Oprettet</th><th scope="col">Afsluttet</th>
            {reasons.map((r) => <th scope="col" key={r}>{EXIT_REASONS[r as keyof typeof EXIT_REASONS]}</th>)}<th scope="col">Overskredne frister</th><th scope="col">Frister flyttet</th><th scope="col">Afgørelser sendt straks</th><th scope="col">Median uger (afsluttede)</th></tr></thead>
          <tbody>{[...data.rows, data.team].map((r) => (
            <tr key={r.caseworkerId ?? 'team'} className={r.caseworkerId ? undefined : 'total'}>
              <td>{r.name}</td><td>{r.meetingsHeld}</td><td>{r.noShows}</td><td>{r.casesOpened}</td><td>{r.casesClosed}</td>
              {reasons.map((k) => <td key={k}>{r.closedByReason[k] ?? 0}</td>)}<td>{r.overdueDeadlines}</td><td>{r.deadlinesMoved}</td><td>{r.decisionsSentNow}</td><td>{r.medianWeeksOnBenefit?.toString().replace('.', ',') ?? '–'}</td>
            </tr>
          ))}</tbody>
        </table></div>
      )}
    </section>
  );
}

interface UnhandledRow { caseworkerId: number; name: string; total: number; oldestDays: number; byKind: Partial<Record<EventKind, number>> }

/** Unhandled events per caseworker and how long the oldest has waited (issue 14): who needs a hand today. */
function Unhandled() {
  const [rows, setRows] = useState<UnhandledRow[] | null>(null);
  useEffect(() => { api<{ caseworkers: UnhandledRow[] }>('GET', '/api/team/unhandled').then((d) => setRows(d.caseworkers)).catch(() => setRows([])); }, []);
  if (!rows) return null;
  return (
    <section aria-labelledby="unhandled-h">
      <h2 id="unhandled-h">Ubehandlede hændelser</h2>
      {rows.length === 0 ? <p className="muted">Ingen ubehandlede hændelser i teamet.</p> : (
        <div className="table-box" tabIndex={0}><table className="list">
          <caption className="visually-hidden">Ubehandlede hændelser pr. sagsbehandler</caption>
          <thead><tr><th scope="col">Sagsbehandler</th><th scope="col">Ubehandlede</th><th scope="col">Ældste (dage)</th><th scope="col">Typer</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.caseworkerId} className={r.oldestDays > 2 ? 'over' : undefined}>
                <td><Link href={`/arbejdsliste?caseworkerId=${r.caseworkerId}&group=unhandled`}>{r.name}</Link></td>
                <td>{r.total}</td>
                <td>{r.oldestDays > 2 ? <span className="badge overdue">{r.oldestDays}</span> : r.oldestDays}</td>
                <td>{Object.entries(r.byKind).map(([k, n]) => `${EVENT_KINDS[k as EventKind]} (${n})`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
    </section>
  );
}
