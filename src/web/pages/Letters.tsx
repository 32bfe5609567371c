/**
 * Letters on the case page: write a letter from a template (a draft to read first), approve it for Digital Post or
 * the print batch, see where it is; and the print room's daily batch. A decision approved on a Friday or the day
 * before a closed day is held: the caseworker is told the day, and may send it at once only with a reason.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, todayOnServer } from '../api.ts';
import { CheckField, ErrorSummary, Field, SelectField, formatDate, formatDateTime } from '../components.tsx';
import type { LetterStatus } from '../../domain/letters.ts';

interface TemplateItem { id: string; name: string; kind: string }
export interface LetterView {
  id: number; templateId: string; templateVersion: number; kind: string; title: string; text: string; status: LetterStatus; statusLabel: string;
  delivery: 'digital-post' | 'print' | null; approvedOn: string | null; scheduledFor: string | null; held: boolean; sendNowReason: string | null;
  createdBy: string | null; approvedBy: string | null; lastError: string | null;
}
interface SendResult { id: number; status: LetterStatus; scheduledFor: string | null; held: boolean; delivery: string | null }

const DELIVERY = { 'digital-post': 'Digital Post', print: 'Papirpost (fritaget for Digital Post)' } as const;

function Reason({ value, onChange, error, label }: { value: string; onChange: (v: string) => void; error?: string; label: string }) {
  return <Field label={label} error={error}>{(p) => <textarea {...p} name="sendNowReason" rows={2} value={value} onChange={(e) => onChange(e.target.value)} />}</Field>;
}

/** What the caseworker is told after approving: sent today, or held to which day and why. */
function sentMessage(r: SendResult) {
  if (r.held && r.scheduledFor && r.scheduledFor > todayOnServer())
    return `Brevet er godkendt og holdes til ${formatDate(r.scheduledFor)}: afgørelser sendes ikke om fredagen eller dagen før en lukkedag.`;
  return r.delivery === 'print' ? 'Brevet er godkendt og kommer med i dagens printkørsel.' : 'Brevet er godkendt og sendes med Digital Post nu.';
}

/** Approve a draft; for a decision on a day it would be held, offer "send today anyway" with a reason. */
function ApproveForm({ letter, heldTo, onDone, onCancel }: { letter: LetterView; heldTo: string | null; onDone: (m: string) => void; onCancel: () => void }) {
  const [sendNow, setSendNow] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      const r = await api<SendResult>('POST', `/api/letters/${letter.id}/approve`, sendNow ? { sendNowReason: reason } : {});
      setError(null);
      onDone(sentMessage(r));
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  const held = letter.kind === 'decision' && heldTo !== null;
  return (
    <form aria-label="Godkend brevet" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <ErrorSummary error={error?.problem ?? null} />
      {held && <p className="notice">Det er fredag eller dagen før en lukkedag. Afgørelsen holdes til {formatDate(heldTo!)}, så borgeren kan ringe dagen efter, at brevet er kommet.</p>}
      {held && (
        <CheckField name="sendNow" label="Send alligevel i dag" checked={sendNow} onChange={(e) => setSendNow(e.target.checked)} />
      )}
      {held && sendNow && <Reason label="Hvorfor skal brevet sendes i dag?" value={reason} onChange={setReason} error={error?.fields?.sendNowReason} />}
      <div className="actions">
        <button type="submit" disabled={busy}>{held && !sendNow ? `Godkend (sendes ${formatDate(heldTo!)})` : 'Godkend og send'}</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

function SendNowForm({ letter, onDone, onCancel }: { letter: LetterView; onDone: (m: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async () => {
    try {
      await api('POST', `/api/letters/${letter.id}/send-now`, { reason });
      onDone('Afgørelsen sendes nu. Begrundelsen er gemt og tælles med i ugens resultater.');
    } catch (e) { setError(e as ApiError); }
  };
  return (
    <form aria-label="Send brevet nu" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <ErrorSummary error={error?.problem ?? null} />
      <Field label="Hvorfor skal brevet sendes i dag?" error={error?.fields?.reason}>{(p) => <textarea {...p} name="reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}</Field>
      <div className="actions">
        <button type="submit">Send nu</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

function NewLetter({ caseId, templates, onCreated }: { caseId: number; templates: TemplateItem[]; onCreated: (l: { id: number }) => void }) {
  const [template, setTemplate] = useState(templates[0]?.id ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try { onCreated(await api<{ id: number }>('POST', `/api/cases/${caseId}/letters`, { template })); setError(null); }
    catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  return (
    <form className="panel" aria-label="Nyt brev" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <h3>Nyt brev</h3>
      <ErrorSummary error={error?.problem ?? null} />
      <SelectField name="template" label="Skabelon" value={template} onChange={(e) => setTemplate(e.target.value)}
        options={templates.map((t) => [t.id, t.kind === 'decision' ? `${t.name} (afgørelse)` : t.name] as [string, string])} error={error?.fields?.template} />
      <div className="actions"><button type="submit" disabled={busy || !template}>Lav udkast</button></div>
    </form>
  );
}

/** The case page's letters. `canWrite`: may write, approve and cancel letters on this case. */
export function CaseLetters({ caseId, canWrite, onDone }: { caseId: number; canWrite: boolean; onDone?: (msg: string) => void }) {
  const [letters, setLetters] = useState<LetterView[] | null>(null);
  const [templates, setTemplates] = useState<TemplateItem[]>([]);
  const [heldTo, setHeldTo] = useState<string | null>(null);
  const [open, setOpen] = useState<{ id: number; form: 'approve' | 'send-now' } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try { setLetters((await api<{ letters: LetterView[] }>('GET', `/api/cases/${caseId}/letters`)).letters); setLoadError(null); }
    catch (e) { setLoadError((e as ApiError).message); }
  }, [caseId]);
  useEffect(() => {
    void load();
    if (!canWrite) return;
    api<TemplateItem[]>('GET', '/api/letter-templates').then(setTemplates).catch(() => setTemplates([]));
    const today = todayOnServer();
    api<{ date: string }>('GET', `/api/rules/dispatch-date?date=${today}`).then((r) => setHeldTo(r.date > today ? r.date : null)).catch(() => setHeldTo(null));
  }, [load, canWrite]);
  const done = async (msg: string) => { setOpen(null); setMessage(msg); await load(); onDone?.(msg); };
  const cancel = async (l: LetterView) => {
    try { await api('POST', `/api/letters/${l.id}/cancel`, { reason: 'Annulleret af sagsbehandleren' }); await done('Brevet er annulleret.'); }
    catch (e) { setMessage((e as ApiError).message); }
  };

  return (
    <section aria-labelledby={`letters-${caseId}`}>
      <h2 id={`letters-${caseId}`}>Breve</h2>
      {message && <p role="status" className="notice">{message}</p>}
      {loadError && <p role="alert" className="error">{loadError}</p>}
      {canWrite && templates.length > 0 && <NewLetter caseId={caseId} templates={templates} onCreated={(l) => { setOpen({ id: l.id, form: 'approve' }); void load(); setMessage('Udkastet er klar. Læs det, og godkend det, når det er rigtigt.'); }} />}
      {letters && letters.length === 0 && <p className="muted">Ingen breve på sagen.</p>}
      {letters && letters.length > 0 && (
        <ul className="cards">
          {letters.map((l) => (
            <li key={l.id} className={`card ${l.status === 'failed' ? 'overdue' : ''}`}>
              <p><strong>{l.title}</strong> <span className="muted">skabelon version {l.templateVersion}</span></p>
              <p>
                <span className={`badge letter-${l.status}`}>{l.statusLabel}</span>
                {l.scheduledFor && ` · ${l.held && l.status === 'held' ? 'sendes' : 'afsendelsesdag'} ${formatDate(l.scheduledFor)}`}
                {l.delivery && ` · ${DELIVERY[l.delivery]}`}
              </p>
              {l.sendNowReason && <p className="muted">Sendt straks: {l.sendNowReason}</p>}
              {l.lastError && <p className="error">{l.lastError}</p>}
              {l.status === 'draft' && <details open={open?.id === l.id}><summary>Læs udkastet</summary><pre className="letter-text">{l.text}</pre></details>}
              <p><a href={`/api/letters/${l.id}/pdf`} target="_blank" rel="noopener">Åbn PDF</a></p>
              {canWrite && open?.id === l.id && open.form === 'approve' && <ApproveForm letter={l} heldTo={heldTo} onDone={(m) => void done(m)} onCancel={() => setOpen(null)} />}
              {canWrite && open?.id === l.id && open.form === 'send-now' && <SendNowForm letter={l} onDone={(m) => void done(m)} onCancel={() => setOpen(null)} />}
              {canWrite && open?.id !== l.id && (
                <div className="actions">
                  {l.status === 'draft' && <button type="button" onClick={() => setOpen({ id: l.id, form: 'approve' })}>Godkend</button>}
                  {l.status === 'held' && l.delivery === 'digital-post' && <button type="button" onClick={() => setOpen({ id: l.id, form: 'send-now' })}>Send nu</button>}
                  {(l.status === 'draft' || l.status === 'held' || l.status === 'queued' || l.status === 'print-queued') && (
                    <button type="button" className="secondary" onClick={() => void cancel(l)}>Annullér</button>)}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface Batches { today: string; waiting: number; batches: { id: number; batchDate: string; letters: number; createdAt: string }[] }

/** The print room: today's batch of paper letters for citizens exempt from Digital Post, and earlier batches. */
export function PrintBatches() {
  const [data, setData] = useState<Batches | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    try { setData(await api<Batches>('GET', '/api/print-batches')); setError(null); } catch (e) { setError(e as ApiError); }
  }, []);
  useEffect(() => { void load(); }, [load]);
  const make = async () => {
    try {
      const r = await api<{ id: number | null; letters: number; created: boolean }>('POST', '/api/print-batches');
      setMessage(r.id === null ? 'Der er ingen breve til print i dag.' : r.created ? `Printkørslen er lavet med ${r.letters} breve.` : 'Dagens printkørsel er allerede lavet.');
      await load();
    } catch (e) { setError(e as ApiError); }
  };
  return (
    <main>
      <h1>Printkørsler</h1>
      <p>Borgere, der er fritaget for Digital Post, får deres breve med posten. Breve godkendt i dag kommer med i dagens printkørsel; den laves af sig selv hver eftermiddag, eller her.</p>
      {message && <p role="status" className="notice">{message}</p>}
      <ErrorSummary error={error?.problem ?? null} />
      {data && <p><strong>{data.waiting}</strong> {data.waiting === 1 ? 'brev venter' : 'breve venter'} på print.</p>}
      <div className="actions"><button type="button" onClick={() => void make()}>Lav dagens printkørsel</button></div>
      {data && data.batches.length > 0 && (
        <div className="table-box" tabIndex={0}><table className="list">
          <caption>Seneste printkørsler</caption>
          <thead><tr><th scope="col">Dag</th><th scope="col">Breve</th><th scope="col">Lavet</th><th scope="col">PDF</th></tr></thead>
          <tbody>{data.batches.map((b) => (
            <tr key={b.id}><td>{formatDate(b.batchDate)}</td><td>{b.letters}</td><td>{formatDateTime(b.createdAt)}</td>
              <td><a href={`/api/print-batches/${b.id}/pdf`} target="_blank" rel="noopener">Åbn</a></td></tr>
          ))}</tbody>
        </table></div>
      )}
    </main>
  );
}


