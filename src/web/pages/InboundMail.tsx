/**
 * Ukendte e-mails: mail from citizens that retur could not match to a case (no CPR number it could use, an address it
 * does not know). The citizen already has the acknowledgement with the answer day; the caseworker puts the mail on the
 * right case (it becomes an inquiry on the worklist) or discards it.
 */
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api.ts';
import { ErrorSummary, TextField, formatDate, formatDateTime } from '../components.tsx';
import { Link } from '../router.tsx';

/** GET /api/inbound-mail */
interface UnmatchedMail { id: number; from: string; subject: string; text: string; receivedAt: string; receivedOn: string; answerDue: string }
interface Queue { total: number; mails: UnmatchedMail[] }

function AssignForm({ mail, onDone }: { mail: UnmatchedMail; onDone: (msg: ReactNode) => void }) {
  const [caseNo, setCaseNo] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      // A number goes as a number; anything else as typed, so the server's message says what is wrong with it.
      const caseId = /^\d{1,10}$/.test(caseNo.trim()) ? Number(caseNo.trim()) : caseNo;
      const r = await api<{ caseId: number; answerDue: string }>('POST', `/api/inbound-mail/${mail.id}/assign`, { caseId });
      setError(null);
      onDone(<>E-mailen er lagt på <Link href={`/sager/${r.caseId}`}>sag {r.caseId}</Link> som en henvendelse. Den skal besvares senest {formatDate(r.answerDue)}.</>);
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  return (
    <form aria-label={`Knyt e-mailen "${mail.subject}" til en sag`} noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <ErrorSummary error={error?.problem ?? null} />
      <TextField name="caseId" label="Sagsnummer" inputMode="numeric" autoComplete="off" value={caseNo}
        hint="Find sagen under Sager, fx ved at søge på navn eller CPR-nummer fra e-mailen."
        onChange={(e) => setCaseNo(e.target.value)} error={error?.fields.caseId} />
      <div className="actions"><button type="submit" disabled={busy}>Knyt til sagen</button></div>
    </form>
  );
}

function DiscardForm({ mail, onDone, onCancel }: { mail: UnmatchedMail; onDone: (msg: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await api('POST', `/api/inbound-mail/${mail.id}/discard`, { reason });
      setError(null);
      onDone(`E-mailen "${mail.subject || '(uden emne)'}" er kasseret.`);
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  return (
    <form aria-label={`Kassér e-mailen "${mail.subject}"`} noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <ErrorSummary error={error?.problem ?? null} />
      <TextField name="reason" label="Hvorfor kasseres den?" hint="Fx reklame, eller sendt til den forkerte kommune." value={reason}
        maxLength={500} onChange={(e) => setReason(e.target.value)} error={error?.fields.reason} />
      <div className="actions">
        <button type="submit" disabled={busy}>Kassér e-mailen</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

export function InboundMail() {
  const [queue, setQueue] = useState<Queue | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<ReactNode>(null);
  const [discarding, setDiscarding] = useState<number | null>(null);
  const load = useCallback(async () => {
    try { setQueue(await api<Queue>('GET', '/api/inbound-mail')); setLoadError(null); }
    catch (e) { setLoadError(e as ApiError); }
  }, []);
  useEffect(() => { void load(); }, [load]);
  const done = async (msg: ReactNode) => { setDiscarding(null); setMessage(msg); await load(); };

  return (
    <main>
      <h1>Ukendte e-mails</h1>
      <p>
        E-mails fra borgere, som retur ikke kunne knytte til en sag. Borgeren har allerede fået en kvittering med datoen for svaret.
        Læg e-mailen på den rigtige sag, så kommer den på arbejdslisten som en henvendelse. Er den ikke en henvendelse, så kassér den.
      </p>
      {message && <p role="status" className="notice">{message}</p>}
      <ErrorSummary error={loadError?.problem ?? null} />
      {queue && queue.mails.length === 0 && <p className="muted">Der er ingen ukendte e-mails.</p>}
      {queue && queue.total > queue.mails.length && <p>Viser de {queue.mails.length} ældste af {queue.total} e-mails.</p>}
      {queue && queue.mails.length > 0 && (
        <ul className="cards">
          {queue.mails.map((m) => (
            <li key={m.id}>
              <article aria-labelledby={`mail-${m.id}`}>
                <h2 id={`mail-${m.id}`}>{m.subject || '(uden emne)'}</h2>
                <p>
                  Fra <span style={{ overflowWrap: 'anywhere' }}>{m.from || '(ukendt afsender)'}</span> · modtaget {formatDateTime(m.receivedAt)}
                  <br />Svar senest {formatDate(m.answerDue)}
                </p>
                <details>
                  <summary>Læs e-mailen</summary>
                  <p className="letter-text">{m.text || '(ingen tekst)'}</p>
                </details>
                <AssignForm mail={m} onDone={(msg) => void done(msg)} />
                {discarding === m.id
                  ? <DiscardForm mail={m} onDone={(msg) => void done(msg)} onCancel={() => setDiscarding(null)} />
                  : <button type="button" className="secondary" onClick={() => setDiscarding(m.id)}>Kassér …</button>}
              </article>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
