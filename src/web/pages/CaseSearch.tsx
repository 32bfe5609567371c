import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type User } from '../api.ts';
import { Link, navigate } from '../router.tsx';
import { ErrorSummary, SelectField, TextField, formatCpr, formatDate } from '../components.tsx';
import { CASE_KINDS, TARGET_GROUPS } from '../../domain/caseFields.ts';

interface CaseListItem {
  id: number; kind: keyof typeof CASE_KINDS; status: string; firstAbsenceDay: string; targetGroup: number | null;
  caseworkerName: string | null; citizen: { name: string; cpr: string | null };
}
export interface UserItem { id: number; name: string; role: string; teamName: string | null; openCases: number }

export function CaseSearch({ user }: { user: User }) {
  const params = new URLSearchParams(window.location.search);
  // The search text is never put in the address: a CPR number there would reach the server's logs on a reload.
  const [q, setQ] = useState('');
  const [status, setStatus] = useState(params.get('status') ?? 'open');
  const [caseworkerId, setCaseworkerId] = useState(params.get('caseworkerId') ?? '');
  const [result, setResult] = useState<{ total: number; cases: CaseListItem[] } | null>(null);
  const [users, setUsers] = useState<UserItem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);

  const search = async (query: { q: string; status: string; caseworkerId: string }) => {
    try {
      // CPR numbers and names go in a POST body, never in a URL.
      setResult(await api('POST', '/api/cases/search', {
        ...(query.q.trim() ? { q: query.q } : {}), status: query.status || undefined, caseworkerId: query.caseworkerId ? Number(query.caseworkerId) : undefined,
      }));
      setError(null);
    } catch (e) { setError(e as ApiError); }
  };
  useEffect(() => {
    void search({ q, status, caseworkerId });
    if (user.role !== 'analyst') api<UserItem[]>('GET', '/api/users').then(setUsers).catch(() => undefined);
  }, []);

  function submit(e: FormEvent) {
    e.preventDefault();
    const p = new URLSearchParams(Object.entries({ status, caseworkerId }).filter(([, v]) => v));
    window.history.replaceState(null, '', `/sager?${p}`);
    void search({ q, status, caseworkerId });
  }
  const identify = user.role !== 'analyst';
  return (
    <main>
      <div className="title-row">
        <h1>Sager</h1>
        {['caseworker', 'team_leader'].includes(user.role) && <Link className="button" href="/sager/ny">Opret sag</Link>}
      </div>
      <form className="search" onSubmit={submit} role="search">
        {identify && <TextField label="CPR-nummer, navn eller sagsnummer" name="q" value={q} onChange={(e) => setQ(e.target.value)} error={error?.fields.q} />}
        <SelectField label="Status" name="status" value={status} onChange={(e) => setStatus(e.target.value)} options={[['open', 'Åbne'], ['closed', 'Afsluttede'], ['all', 'Alle']]} />
        {users.length > 0 && (
          <SelectField label="Sagsbehandler" name="caseworkerId" value={caseworkerId} onChange={(e) => setCaseworkerId(e.target.value)}
            options={[['', 'Alle'], ...users.filter((u) => u.role === 'caseworker' || u.role === 'team_leader').map((u) => [String(u.id), `${u.name} (${u.openCases})`] as [string, string])]} />
        )}
        <button type="submit">Søg</button>
      </form>
      <ErrorSummary error={error && !error.fields.q ? error.problem : null} />
      {result && (
        <>
          <p aria-live="polite">{result.total} {result.total === 1 ? 'sag' : 'sager'}{result.total > result.cases.length ? `, viser de første ${result.cases.length}` : ''}</p>
          <div className="table-box" tabIndex={0}><table className="list">
            <thead>
              <tr><th scope="col">Sag</th><th scope="col">Borger</th>{identify && <th scope="col">CPR</th>}<th scope="col">Type</th><th scope="col">Første fraværsdag</th><th scope="col">Målgruppe</th><th scope="col">Sagsbehandler</th><th scope="col">Status</th></tr>
            </thead>
            <tbody>
              {result.cases.map((c) => (
                <tr key={c.id} onClick={() => navigate(`/sager/${c.id}`)}>
                  <td><Link href={`/sager/${c.id}`}>{c.id}</Link></td>
                  <td>{c.citizen.name}</td>
                  {identify && <td>{formatCpr(c.citizen.cpr)}</td>}
                  <td>{CASE_KINDS[c.kind]}</td>
                  <td>{formatDate(c.firstAbsenceDay)}</td>
                  <td>{c.targetGroup ? `${c.targetGroup}. ${TARGET_GROUPS[c.targetGroup as 1]}` : '–'}</td>
                  <td>{c.caseworkerName ?? 'Ikke tildelt'}</td>
                  <td>{c.status === 'open' ? 'Åben' : 'Afsluttet'}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
        </>
      )}
    </main>
  );
}
