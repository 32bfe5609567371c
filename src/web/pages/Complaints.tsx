/**
 * Complaints and appeals (issue 10, slice C): the case's complaints panel (register a complaint, see its deadlines,
 * record the reassessment and Ankestyrelsen's result) and the complaint figures page (/klager).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, todayOnServer } from '../api.ts';
import { ErrorSummary, SelectField, TextAreaField, TextField, formatDate } from '../components.tsx';
import {
  BOARD_RESULTS, DECISION_TYPES, OUTCOMES, REASONS,
  type BoardResult, type ComplaintFigures, type ComplaintStatus, type DecisionType, type Outcome, type Reason,
} from '../../domain/complaints.ts';

/** GET /api/cases/:id/complaints → complaints[] (summary and note read "(skjult)" for analysts). */
export interface ComplaintView {
  id: number; receivedOn: string; decisionType: DecisionType; decisionOn: string; notifiedOn: string; letterId: number | null;
  reason: Reason; summary: string; complaintDue: string; late: boolean; reassessLegalDate: string; reassessDue: string;
  outcome: Outcome | null; decidedOn: string | null; outcomeNote: string | null; reassessedOnTime: boolean | null;
  boardResult: BoardResult | null; boardReceivedOn: string | null; createdBy: string | null; decidedBy: string | null; status: ComplaintStatus;
}
interface LetterItem { id: number; kind: string; title: string; status: string; scheduledFor: string | null }

const STATUS_TEXT: Record<ComplaintStatus, string> = {
  open: 'Afventer genvurdering', overdue: 'Fristen for genvurdering er overskredet', 'at-board': 'Hos Ankestyrelsen', closed: 'Afsluttet',
};
const opts = (o: Record<string, string>): [string, string][] => Object.entries(o);

function RegisterForm({ caseId, onDone, onCancel }: { caseId: number; onDone: (msg: string) => void; onCancel: () => void }) {
  const today = todayOnServer();
  const [receivedOn, setReceivedOn] = useState(today);
  const [decisionType, setDecisionType] = useState<DecisionType>('benefit-stop');
  const [decisionOn, setDecisionOn] = useState('');
  const [letterId, setLetterId] = useState('');
  const [reason, setReason] = useState<Reason>('assessment');
  const [summary, setSummary] = useState('');
  const [letters, setLetters] = useState<LetterItem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const f = error?.fields ?? {};
  useEffect(() => {
    api<{ letters: LetterItem[] }>('GET', `/api/cases/${caseId}/letters`)
      .then((r) => setLetters(r.letters.filter((l) => l.kind === 'decision' && l.status !== 'draft' && l.status !== 'cancelled')), () => undefined);
  }, [caseId]);
  const pickLetter = (id: string) => {
    setLetterId(id);
    const l = letters.find((x) => String(x.id) === id);
    if (l?.scheduledFor && !decisionOn) setDecisionOn(l.scheduledFor);
  };
  const submit = async () => {
    setBusy(true);
    try {
      const r = await api<{ id: number; complaintDue: string; late: boolean; reassessDue: string }>('POST', `/api/cases/${caseId}/complaints`, {
        receivedOn, decisionType, decisionOn, reason, summary, ...(letterId ? { letterId: Number(letterId) } : {}),
      });
      setError(null); setSummary(''); setLetterId('');
      onDone(`Klagen er registreret${r.late ? ` – efter klagefristen (${formatDate(r.complaintDue)})` : ''}. Kommunen skal genvurdere afgørelsen senest ${formatDate(r.reassessDue)}.`);
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  return (
    <form className="panel" aria-label="Registrér klage" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <h3>Registrér klage</h3>
      <ErrorSummary error={error?.problem ?? null} />
      <TextField name="receivedOn" type="date" label="Klagen er modtaget" value={receivedOn} max={today} onChange={(e) => setReceivedOn(e.target.value)} error={f.receivedOn} />
      <SelectField name="decisionType" label="Afgørelsen der klages over" value={decisionType} onChange={(e) => setDecisionType(e.target.value as DecisionType)} options={opts(DECISION_TYPES)} error={f.decisionType} />
      {letters.length > 0 && (
        <SelectField name="letterId" label="Afgørelsesbrev (valgfrit)" value={letterId} onChange={(e) => pickLetter(e.target.value)} error={f.letterId}
          hint="Klagefristen regnes fra den dag, brevet blev sendt."
          options={[['', 'Intet brev valgt'], ...letters.map((l) => [String(l.id), `${l.title}${l.scheduledFor ? `, sendt ${formatDate(l.scheduledFor)}` : ''}`] as [string, string])]} />
      )}
      <TextField name="decisionOn" type="date" label="Afgørelsens dato" hint="Klagefristen er 4 uger fra borgeren fik afgørelsen." value={decisionOn} max={today} onChange={(e) => setDecisionOn(e.target.value)} error={f.decisionOn ?? f.notifiedOn} />
      <SelectField name="reason" label="Klagegrund" value={reason} onChange={(e) => setReason(e.target.value as Reason)} options={opts(REASONS)} error={f.reason} />
      <TextAreaField name="summary" label="Hvad klager borgeren over?" value={summary} onChange={setSummary} error={f.summary} />
      <div className="actions">
        <button type="submit" disabled={busy}>Registrér klage</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

function ReassessmentForm({ complaint, onDone, onCancel }: { complaint: ComplaintView; onDone: (msg: string) => void; onCancel: () => void }) {
  const [decidedOn, setDecidedOn] = useState(todayOnServer());
  const [outcome, setOutcome] = useState<Outcome>('upheld');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const f = error?.fields ?? {};
  const submit = async () => {
    setBusy(true);
    try {
      const r = await api<{ reassessedOnTime: boolean; sentToBoard: boolean }>('POST', `/api/complaints/${complaint.id}/reassessment`, { decidedOn, outcome, ...(note.trim() ? { note } : {}) });
      setError(null);
      onDone(`Genvurderingen er registreret – ${r.reassessedOnTime ? 'inden for fristen' : 'efter fristen'}.${r.sentToBoard ? ' Klagen sendes til Ankestyrelsen.' : ''}`);
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  return (
    <form aria-label="Registrér genvurdering" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <ErrorSummary error={error?.problem ?? null} />
      <TextField name="decidedOn" type="date" label="Genvurderet" value={decidedOn} min={complaint.receivedOn} max={todayOnServer()} onChange={(e) => setDecidedOn(e.target.value)} error={f.decidedOn} />
      <SelectField name="outcome" label="Udfald" value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)} options={opts(OUTCOMES)} error={f.outcome}
        hint="Får borgeren ikke fuldt medhold, skal klagen sendes til Ankestyrelsen." />
      <TextAreaField name="note" label="Bemærkning (valgfri)" value={note} onChange={setNote} error={f.note} />
      <div className="actions">
        <button type="submit" disabled={busy}>Gem genvurdering</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

function BoardForm({ complaint, onDone, onCancel }: { complaint: ComplaintView; onDone: (msg: string) => void; onCancel: () => void }) {
  const [receivedOn, setReceivedOn] = useState(todayOnServer());
  const [result, setResult] = useState<BoardResult>('confirmed');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const f = error?.fields ?? {};
  const submit = async () => {
    setBusy(true);
    try {
      await api('POST', `/api/complaints/${complaint.id}/board-result`, { receivedOn, result });
      setError(null);
      onDone(`Ankestyrelsens afgørelse er registreret: ${BOARD_RESULTS[result].toLowerCase()}.`);
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  return (
    <form aria-label="Registrér Ankestyrelsens afgørelse" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <ErrorSummary error={error?.problem ?? null} />
      <TextField name="boardReceivedOn" type="date" label="Modtaget fra Ankestyrelsen" value={receivedOn} min={complaint.decidedOn ?? undefined} max={todayOnServer()} onChange={(e) => setReceivedOn(e.target.value)} error={f.receivedOn} />
      <SelectField name="result" label="Ankestyrelsens afgørelse" value={result} onChange={(e) => setResult(e.target.value as BoardResult)} options={opts(BOARD_RESULTS)} error={f.result} />
      <div className="actions">
        <button type="submit" disabled={busy}>Gem afgørelse</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

/** The case page's complaints section. `canWrite`: the viewer may register and record (case:write on this case). */
export function CaseComplaintsPanel({ caseId, canWrite, onDone }: { caseId: number; canWrite: boolean; onDone: (msg: string) => void }) {
  const [items, setItems] = useState<ComplaintView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: number; form: 'reassessment' | 'board' } | null>(null);
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    try { setItems((await api<{ complaints: ComplaintView[] }>('GET', `/api/cases/${caseId}/complaints`)).complaints); setLoadError(null); }
    catch (e) { setLoadError((e as ApiError).message); }
  }, [caseId]);
  useEffect(() => { void load(); }, [load]);
  const done = async (msg: string) => { setEditing(null); setAdding(false); setMessage(msg); await load(); onDone(msg); };

  return (
    <section aria-labelledby={`complaints-${caseId}`}>
      <h2 id={`complaints-${caseId}`}>Klager</h2>
      {message && <p role="status" className="notice">{message}</p>}
      {loadError && <p role="alert" className="error">{loadError}</p>}
      {canWrite && (adding
        ? <RegisterForm caseId={caseId} onDone={(m) => void done(m)} onCancel={() => setAdding(false)} />
        : <div className="actions"><button type="button" onClick={() => setAdding(true)}>Registrér klage</button></div>)}
      {items && items.length === 0 && <p className="muted">Ingen klager på sagen.</p>}
      {items && items.length > 0 && (
        <ul className="cards">
          {items.map((k) => (
            <li key={k.id} className={`card ${k.status === 'overdue' ? 'overdue' : ''}`}>
              <p>
                <strong>{DECISION_TYPES[k.decisionType]}</strong> af {formatDate(k.decisionOn)} · klage modtaget {formatDate(k.receivedOn)}
                {k.late && <span className="badge overdue">Modtaget efter klagefristen {formatDate(k.complaintDue)}</span>}
              </p>
              <p>{REASONS[k.reason]}: {k.summary}</p>
              <p>
                Genvurderes senest {formatDate(k.reassessDue)}
                {k.reassessLegalDate !== k.reassessDue && <span className="muted"> (lovens dato {formatDate(k.reassessLegalDate)} er en lukkedag)</span>}
                {' · '}<span className={k.status === 'overdue' ? 'badge overdue' : undefined}>{STATUS_TEXT[k.status]}</span>
              </p>
              {k.outcome && (
                <p>
                  {OUTCOMES[k.outcome]} {formatDate(k.decidedOn)}{k.reassessedOnTime ? ' (til tiden)' : ' (for sent)'}
                  {k.outcomeNote && <span className="muted"> – {k.outcomeNote}</span>}
                </p>
              )}
              {k.boardResult && <p>Ankestyrelsen: {BOARD_RESULTS[k.boardResult]} ({formatDate(k.boardReceivedOn)})</p>}
              {canWrite && editing?.id === k.id && editing.form === 'reassessment' && <ReassessmentForm complaint={k} onDone={(m) => void done(m)} onCancel={() => setEditing(null)} />}
              {canWrite && editing?.id === k.id && editing.form === 'board' && <BoardForm complaint={k} onDone={(m) => void done(m)} onCancel={() => setEditing(null)} />}
              {canWrite && editing?.id !== k.id && !k.outcome && <button type="button" onClick={() => setEditing({ id: k.id, form: 'reassessment' })}>Registrér genvurdering</button>}
              {canWrite && editing?.id !== k.id && k.status === 'at-board' && <button type="button" onClick={() => setEditing({ id: k.id, form: 'board' })}>Registrér Ankestyrelsens afgørelse</button>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type Figures = ComplaintFigures & { teamId: number | null };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(2, 4)}`;
const pct = (s: number | null) => (s == null ? '–' : `${Math.round(s * 100)} %`);

/** Complaints received per month as bars (the table below holds the same numbers for screen readers and copying). */
function MonthChart({ months }: { months: Figures['months'] }) {
  const W = 560, H = 180, L = 28, R = 8, T = 10, B = 26;
  const max = Math.max(1, ...months.map((m) => m.received));
  const step = (W - L - R) / Math.max(1, months.length);
  const bar = Math.max(2, step * 0.7);
  const y = (n: number) => T + (1 - n / max) * (H - T - B);
  const ticks = [...new Set([0, Math.round(max / 2), max])];
  const labelEvery = Math.ceil(months.length / 12);
  const summary = `Modtagne klager pr. måned: ${months.map((m) => `${monthLabel(m.month)} ${m.received}`).join(', ')}.`;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby="complaints-chart-t" style={{ maxWidth: W, display: 'block' }}>
      <title id="complaints-chart-t">{summary}</title>
      {ticks.map((n) => (
        <g key={n} aria-hidden="true">
          <line x1={L} x2={W - R} y1={y(n)} y2={y(n)} stroke="#d0d5db" strokeWidth={0.5} />
          <text x={L - 4} y={y(n) + 3} fontSize={9} textAnchor="end" fill="#555">{n}</text>
        </g>
      ))}
      {months.map((m, i) => {
        const x = L + i * step + (step - bar) / 2;
        const late = m.late;
        return (
          <g key={m.month} aria-hidden="true">
            <rect x={x} y={y(m.received)} width={bar} height={H - B - y(m.received)} fill="#1a5fb4" />
            {late > 0 && <rect x={x} y={y(late)} width={bar} height={H - B - y(late)} fill="#c01c28" />}
            {i % labelEvery === 0 && <text x={x + bar / 2} y={H - 10} fontSize={9} textAnchor="middle" fill="#555">{monthLabel(m.month)}</text>}
          </g>
        );
      })}
    </svg>
  );
}

const firstOfMonth = (d: string, back: number) => {
  const y = Number(d.slice(0, 4)), m = Number(d.slice(5, 7)) - 1 - back;
  const date = new Date(Date.UTC(y, m, 1));
  return date.toISOString().slice(0, 10);
};

/** /klager: complaint figures for team leaders (own team), managers and analysts. */
export function ComplaintsPage() {
  const today = todayOnServer();
  const [from, setFrom] = useState(firstOfMonth(today, 11));
  const [to, setTo] = useState(today);
  const [data, setData] = useState<Figures | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (!from || !to) return;
    api<Figures>('GET', `/api/analytics/complaints?${new URLSearchParams({ from, to })}`).then((d) => { setData(d); setError(null); }, (e) => { setData(null); setError(e as ApiError); });
  }, [from, to]);
  const f = error?.fields ?? {};
  const reasons = Object.keys(REASONS) as Reason[];
  return (
    <main>
      <h1>Klager</h1>
      <p className="muted">Klager over kommunens afgørelser: borgeren har 4 uger til at klage, og kommunen skal genvurdere afgørelsen inden 4 uger. Får borgeren ikke fuldt medhold, sendes klagen til Ankestyrelsen.</p>
      <div className="filters">
        <TextField name="from" type="date" label="Fra" value={from} onChange={(e) => setFrom(e.target.value)} error={f.from} />
        <TextField name="to" type="date" label="Til" value={to} onChange={(e) => setTo(e.target.value)} error={f.to} />
      </div>
      {error && error.problem.status === 403
        ? <p className="notice" role="status">Klagetallene kan ses af teamledere, ledere og analytikere. Klager på en sag ses på sagen.</p>
        : <ErrorSummary error={error?.problem ?? null} />}
      {data && (
        <>
          {data.teamId != null && <p className="muted">Tallene gælder dit team.</p>}
          <section aria-labelledby="kf-key">
            <h2 id="kf-key">Overblik</h2>
            <ul className="cards">
              <li>Modtagne klager: <strong>{data.total}</strong>, heraf <strong>{data.late}</strong> efter klagefristen</li>
              <li>Genvurderet inden for 4 uger: <strong>{pct(data.reassessment.share)}</strong> ({data.reassessment.onTime} af {data.reassessment.reassessed})</li>
              <li>Afventer genvurdering: <strong>{data.reassessment.open}</strong>, heraf <strong>{data.reassessment.overdue}</strong> over fristen</li>
            </ul>
          </section>
          <section aria-labelledby="kf-month">
            <h2 id="kf-month">Pr. måned</h2>
            <MonthChart months={data.months} />
            <p className="muted">Blå: modtagne klager. Rød: heraf modtaget efter klagefristen.</p>
            <div className="table-box" tabIndex={0}><table className="list">
              <caption className="visually-hidden">Klager pr. måned og klagegrund</caption>
              <thead><tr><th scope="col">Måned</th><th scope="col">Modtaget</th><th scope="col">For sent</th><th scope="col">Genvurderet</th><th scope="col">Til tiden</th>
                {reasons.map((r) => <th scope="col" key={r}>{REASONS[r]}</th>)}</tr></thead>
              <tbody>
                {data.months.map((m) => (
                  <tr key={m.month}><th scope="row">{monthLabel(m.month)}</th><td>{m.received}</td><td>{m.late}</td><td>{m.reassessed}</td><td>{m.onTime}</td>
                    {reasons.map((r) => <td key={r}>{m.byReason[r]}</td>)}</tr>
                ))}
              </tbody>
            </table></div>
          </section>
          <section aria-labelledby="kf-outcomes">
            <h2 id="kf-outcomes">Udfald og Ankestyrelsen</h2>
            <div className="table-box" tabIndex={0}><table className="list">
              <caption className="visually-hidden">Kommunens genvurderinger</caption>
              <thead><tr><th scope="col">Kommunens genvurdering</th><th scope="col">Antal</th></tr></thead>
              <tbody>{(Object.keys(OUTCOMES) as Outcome[]).map((o) => <tr key={o}><th scope="row">{OUTCOMES[o]}</th><td>{data.outcomes[o]}</td></tr>)}</tbody>
            </table></div>
            <div className="table-box" tabIndex={0}><table className="list">
              <caption className="visually-hidden">Ankestyrelsens afgørelser</caption>
              <thead><tr><th scope="col">Ankestyrelsens afgørelse</th><th scope="col">Antal</th></tr></thead>
              <tbody>
                {(Object.keys(BOARD_RESULTS) as BoardResult[]).map((b) => <tr key={b}><th scope="row">{BOARD_RESULTS[b]}</th><td>{data.boardResults[b]}</td></tr>)}
                <tr><th scope="row">Afventer Ankestyrelsen</th><td>{data.boardResults.pending}</td></tr>
              </tbody>
            </table></div>
            <div className="table-box" tabIndex={0}><table className="list">
              <caption className="visually-hidden">Klager pr. afgørelsestype</caption>
              <thead><tr><th scope="col">Afgørelse der klages over</th><th scope="col">Antal</th></tr></thead>
              <tbody>{(Object.keys(DECISION_TYPES) as DecisionType[]).map((d) => <tr key={d}><th scope="row">{DECISION_TYPES[d]}</th><td>{data.byDecisionType[d]}</td></tr>)}</tbody>
            </table></div>
          </section>
        </>
      )}
    </main>
  );
}
