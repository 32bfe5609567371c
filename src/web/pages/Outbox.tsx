/** The administrator's view of outgoing messages: how many wait, went, arrived or failed, and why (no numbers or texts). */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api.ts';
import { ErrorSummary, SelectField, formatDateTime } from '../components.tsx';
import { Link } from '../router.tsx';

const STATUS: Record<string, string> = { queued: 'I kø', sending: 'Sendes', sent: 'Sendt', delivered: 'Modtaget', failed: 'Fejlet', cancelled: 'Annulleret' };
interface Entry { id: number; channel: string; purpose: string; caseId: number | null; status: string; attempts: number; lastError: string | null; sendAfter: string; sentAt: string | null; deliveredAt: string | null }

export function Outbox() {
  const [status, setStatus] = useState('');
  const [data, setData] = useState<{ counts: Record<string, number>; messages: Entry[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => { api<{ counts: Record<string, number>; messages: Entry[] }>('GET', `/api/admin/outbox${status ? `?status=${status}` : ''}`).then((d) => { setData(d); setError(null); }, setError); }, [status]);
  return (
    <main>
      <h1>Udgående beskeder</h1>
      <p>SMS-påmindelser og andre beskeder fra retur. En besked, der til sidst fejler, bliver til en opgave hos sagsbehandleren.</p>
      <ErrorSummary error={error?.problem ?? null} />
      {data && <p>{Object.entries(STATUS).map(([k, label]) => `${label}: ${data.counts[k] ?? 0}`).join(' · ')}</p>}
      <div className="filters"><SelectField label="Status" name="status" value={status} onChange={(e) => setStatus(e.target.value)} options={[['', 'Alle'], ...Object.entries(STATUS)]} /></div>
      {data && (
        <div className="table-box" tabIndex={0}>
          <table className="list">
            <thead><tr><th scope="col">Nr.</th><th scope="col">Besked</th><th scope="col">Sag</th><th scope="col">Sendes</th><th scope="col">Status</th><th scope="col">Forsøg</th><th scope="col">Fejl</th></tr></thead>
            <tbody>{data.messages.map((m) => (
              <tr key={m.id}><td>{m.id}</td><td>{m.channel === 'sms' ? 'SMS' : m.channel}, {m.purpose === 'meeting-reminder' ? 'påmindelse' : m.purpose}</td>
                <td>{m.caseId ? <Link href={`/sager/${m.caseId}`}>{m.caseId}</Link> : '–'}</td><td>{formatDateTime(m.sendAfter)}</td>
                <td>{STATUS[m.status] ?? m.status}</td><td>{m.attempts}</td><td>{m.lastError ?? ''}</td></tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </main>
  );
}
