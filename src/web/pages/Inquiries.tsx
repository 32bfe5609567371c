/** Inquiries from the citizen on the case page: register one, see its answer deadline and status, answer it. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, todayOnServer } from '../api.ts';
import { ErrorSummary, SelectField, TextAreaField, TextField, formatDate } from '../components.tsx';
import { ANSWER_CHANNELS, type AnswerChannel } from '../../domain/inquiries.ts';

/** GET /api/cases/:id/inquiries → inquiries[] (summary and answer text read "(skjult)" for analysts). */
export interface InquiryView {
  id: number; channel: AnswerChannel; receivedOn: string; summary: string; answerDue: string; answeredOn: string | null;
  answerText: string | null; answeredOnTime: boolean | null; createdBy: string | null; answeredBy: string | null; status: 'open' | 'overdue' | 'answered';
}

const STATUS_TEXT = { open: 'Afventer svar', overdue: 'Svarfristen er overskredet', answered: 'Besvaret' } as const;

function RegisterForm({ caseId, onDone }: { caseId: number; onDone: (msg: string) => void }) {
  const [channel, setChannel] = useState<AnswerChannel>('phone');
  const [receivedAt, setReceivedAt] = useState(todayOnServer());
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const f = error?.fields ?? {};
  const submit = async () => {
    setBusy(true);
    try {
      const r = await api<{ id: number; answerDue: string }>('POST', `/api/cases/${caseId}/inquiries`, { channel, receivedAt, summary });
      setError(null); setSummary('');
      onDone(`Henvendelsen er registreret. Den skal besvares senest ${formatDate(r.answerDue)}.`);
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  return (
    <form className="panel" aria-label="Registrér henvendelse" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <h3>Registrér henvendelse</h3>
      <ErrorSummary error={error?.problem ?? null} />
      <SelectField name="channel" label="Kanal" value={channel} onChange={(e) => setChannel(e.target.value as AnswerChannel)}
        options={Object.entries(ANSWER_CHANNELS) as [string, string][]} error={f.channel} />
      <TextField name="receivedAt" type="date" label="Modtaget" value={receivedAt} max={todayOnServer()} onChange={(e) => setReceivedAt(e.target.value)} error={f.receivedAt} />
      <TextAreaField name="summary" label="Hvad drejer henvendelsen sig om?" value={summary} onChange={setSummary} error={f.summary} />
      <div className="actions"><button type="submit" disabled={busy}>Registrér</button></div>
    </form>
  );
}

function AnswerForm({ inquiry, onDone, onCancel }: { inquiry: InquiryView; onDone: (msg: string) => void; onCancel: () => void }) {
  const [answeredAt, setAnsweredAt] = useState(todayOnServer());
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const f = error?.fields ?? {};
  const submit = async () => {
    setBusy(true);
    try {
      const r = await api<{ id: number; answeredOnTime: boolean }>('POST', `/api/inquiries/${inquiry.id}/answer`, { answeredAt, text });
      setError(null);
      onDone(r.answeredOnTime ? 'Svaret er registreret – inden for fristen.' : 'Svaret er registreret – efter fristen.');
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  return (
    <form aria-label="Besvar henvendelsen" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <ErrorSummary error={error?.problem ?? null} />
      <TextField name="answeredAt" type="date" label="Besvaret" value={answeredAt} min={inquiry.receivedOn} max={todayOnServer()} onChange={(e) => setAnsweredAt(e.target.value)} error={f.answeredAt} />
      <TextAreaField name="text" label="Svaret" value={text} onChange={setText} error={f.text} />
      <div className="actions">
        <button type="submit" disabled={busy}>Gem svar</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

/** The case page's inquiries section. `canWrite`: the viewer may register and answer (case:write on this case). */
export function CaseInquiries({ caseId, canWrite, onDone }: { caseId: number; canWrite: boolean; onDone?: (msg: string) => void }) {
  const [items, setItems] = useState<InquiryView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [answering, setAnswering] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    try { setItems((await api<{ inquiries: InquiryView[] }>('GET', `/api/cases/${caseId}/inquiries`)).inquiries); setLoadError(null); }
    catch (e) { setLoadError((e as ApiError).message); }
  }, [caseId]);
  useEffect(() => { void load(); }, [load]);
  const done = async (msg: string) => { setAnswering(null); setMessage(msg); await load(); onDone?.(msg); };

  return (
    <section aria-labelledby={`inquiries-${caseId}`}>
      <h2 id={`inquiries-${caseId}`}>Henvendelser</h2>
      {message && <p role="status" className="notice">{message}</p>}
      {loadError && <p role="alert" className="error">{loadError}</p>}
      {canWrite && <RegisterForm caseId={caseId} onDone={(m) => void done(m)} />}
      {items && items.length === 0 && <p className="muted">Ingen henvendelser på sagen.</p>}
      {items && items.length > 0 && (
        <ul className="cards">
          {items.map((q) => (
            <li key={q.id} className={`card ${q.status === 'overdue' ? 'overdue' : ''}`}>
              <p><strong>{ANSWER_CHANNELS[q.channel]}</strong> modtaget {formatDate(q.receivedOn)}</p>
              <p>{q.summary}</p>
              <p>
                Svarfrist {formatDate(q.answerDue)} · <span>{STATUS_TEXT[q.status]}</span>
                {q.answeredOn && ` ${formatDate(q.answeredOn)}${q.answeredOnTime ? ' (til tiden)' : ' (for sent)'}`}
              </p>
              {q.answerText && <p className="muted">Svar: {q.answerText}</p>}
              {canWrite && q.status !== 'answered' && (answering === q.id
                ? <AnswerForm inquiry={q} onDone={(m) => void done(m)} onCancel={() => setAnswering(null)} />
                : <button type="button" onClick={() => setAnswering(q.id)}>Besvar</button>)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
