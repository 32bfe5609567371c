import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { ErrorSummary, TextField, formatCpr, formatDateTime } from '../components.tsx';

interface AuditResult {
  citizen: { id: number; name: string; cpr: string };
  entries: { id: number; at: string; user_name: string | null; role: string | null; operation: string; entity: string; entity_id: string | null; endpoint: string }[];
}

export function AuditLog() {
  const [cpr, setCpr] = useState('');
  const [result, setResult] = useState<AuditResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try { setResult(await api('POST', '/api/admin/audit/search', { cpr })); setError(null); } catch (err) { setError(err as ApiError); setResult(null); }
  }
  return (
    <main>
      <h1>Revisionsspor</h1>
      <p>Se hvem der har læst eller ændret oplysninger om en borger. Opslaget bliver selv logget.</p>
      <form className="search" onSubmit={submit} noValidate>
        <TextField label="Borgerens CPR-nummer" name="cpr" value={cpr} onChange={(e) => setCpr(e.target.value)} error={error?.fields.cpr} />
        <button type="submit">Vis</button>
      </form>
      <ErrorSummary error={error && !error.fields.cpr ? error.problem : null} />
      {result && (
        <>
          <h2>{result.citizen.name} ({formatCpr(result.citizen.cpr)}): {result.entries.length} hændelser</h2>
          <div className="table-box" tabIndex={0}><table className="list">
            <thead><tr><th scope="col">Tidspunkt</th><th scope="col">Bruger</th><th scope="col">Handling</th><th scope="col">Hvad</th><th scope="col">Endpoint</th></tr></thead>
            <tbody>
              {result.entries.map((e) => (
                <tr key={e.id}><td>{formatDateTime(e.at)}</td><td>{e.user_name ?? 'System'}</td><td>{e.operation === 'read' ? 'Læst' : 'Ændret'}</td><td>{e.entity} {e.entity_id}</td><td><code>{e.endpoint}</code></td></tr>
              ))}
            </tbody>
          </table></div>
        </>
      )}
    </main>
  );
}
