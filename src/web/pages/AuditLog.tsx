import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { ErrorSummary, SelectField, TextField, formatCpr, formatDateTime } from '../components.tsx';
import { ROLES } from '../../domain/caseFields.ts';

interface Entry { id: number; at: string; user_name: string | null; role: string | null; operation: string; entity: string; entity_id: string | null; citizen_id: number | null; endpoint: string }
interface AuditResult {
  citizen: { id: number; name: string | null; cpr: string | null } | null;
  user: { id: number; name: string; username: string } | null;
  entries: Entry[];
  nextBefore: number | null;
}
interface UserItem { id: number; name: string; role: string }

const OPERATIONS: Record<string, string> = { read: 'Læst', write: 'Ændret', refused: 'Afvist' };

/** The administrator's audit trail: per citizen (CPR in the body) and/or per user, by period and operation, a page at a time. */
export function AuditLog() {
  const [cpr, setCpr] = useState('');
  const [userId, setUserId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [operation, setOperation] = useState('');
  const [users, setUsers] = useState<UserItem[]>([]);
  const [result, setResult] = useState<AuditResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => { api<UserItem[]>('GET', '/api/users').then(setUsers).catch(() => undefined); }, []);

  const query = (before?: number) => ({
    ...(cpr.trim() ? { cpr } : {}), ...(userId ? { userId: Number(userId) } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}),
    ...(operation ? { operation } : {}), ...(before ? { before } : {}),
  });
  async function submit(e: FormEvent) {
    e.preventDefault();
    try { setResult(await api('POST', '/api/admin/audit/search', query())); setError(null); } catch (err) { setError(err as ApiError); setResult(null); }
  }
  async function more() {
    if (!result?.nextBefore) return;
    try {
      const next = await api<AuditResult>('POST', '/api/admin/audit/search', query(result.nextBefore));
      setResult({ ...next, entries: [...result.entries, ...next.entries] });
    } catch (err) { setError(err as ApiError); }
  }
  const f = error?.fields ?? {};
  return (
    <main>
      <h1>Revisionsspor</h1>
      <p>Se hvem der har læst, ændret eller forsøgt at se oplysninger om en borger, eller hvad en bruger har set. Opslaget bliver selv logget.</p>
      <form className="search" onSubmit={submit} noValidate>
        <TextField label="Borgerens CPR-nummer" name="cpr" value={cpr} onChange={(e) => setCpr(e.target.value)} error={f.cpr} autoComplete="off" />
        <SelectField label="Bruger" name="userId" value={userId} onChange={(e) => setUserId(e.target.value)} error={f.userId}
          options={[['', 'Alle brugere'], ...users.map((u) => [String(u.id), `${u.name} (${ROLES[u.role as keyof typeof ROLES] ?? u.role})`] as [string, string])]} />
        <TextField label="Fra dato" name="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} error={f.from} />
        <TextField label="Til dato" name="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} error={f.to} />
        <SelectField label="Handling" name="operation" value={operation} onChange={(e) => setOperation(e.target.value)} options={[['', 'Alle'], ...Object.entries(OPERATIONS)]} />
        <button type="submit">Vis</button>
      </form>
      <ErrorSummary error={error && !Object.keys(f).length ? error.problem : null} />
      {result && (
        <>
          <h2>
            {result.citizen ? `${result.citizen.name ?? 'Anonymiseret borger'} (${formatCpr(result.citizen.cpr)})` : result.user?.name}
            {': '}{result.entries.length}{result.nextBefore ? '+' : ''} hændelser
          </h2>
          <div className="table-box" tabIndex={0}>
            <table className="list">
              <thead><tr><th scope="col">Tidspunkt</th><th scope="col">Bruger</th><th scope="col">Handling</th><th scope="col">Hvad</th><th scope="col">Borger</th><th scope="col">Endpoint</th></tr></thead>
              <tbody>
                {result.entries.map((e) => (
                  <tr key={e.id} className={e.operation === 'refused' ? 'refused' : undefined}>
                    <td>{formatDateTime(e.at)}</td><td>{e.user_name ?? 'System'}</td><td>{OPERATIONS[e.operation] ?? e.operation}</td>
                    <td>{e.entity} {e.entity_id}</td><td>{e.citizen_id ?? '–'}</td><td><code>{e.endpoint}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.nextBefore && <button className="secondary" onClick={more}>Vis flere</button>}
        </>
      )}
    </main>
  );
}
