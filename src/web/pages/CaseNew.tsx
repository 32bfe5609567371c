import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type User } from '../api.ts';
import { navigate } from '../router.tsx';
import { CheckField, ErrorSummary, SelectField, TextField } from '../components.tsx';
import { CaseFactsFields, emptyFacts, factsToApi, type FactsForm } from './caseForm.tsx';
import type { UserItem } from './CaseSearch.tsx';

export function CaseNew({ user }: { user: User }) {
  const [citizen, setCitizen] = useState({ cpr: '', name: '', phone: '', email: '', digitalPostExempt: false });
  const [employer, setEmployer] = useState({ cvr: '', name: '', industryCode: '', industryVersion: 'DB07' });
  const [facts, setFacts] = useState<FactsForm>(emptyFacts);
  const [caseworkerId, setCaseworkerId] = useState(user.role === 'caseworker' ? String(user.id) : '');
  const [users, setUsers] = useState<UserItem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { api<UserItem[]>('GET', '/api/users').then(setUsers).catch(() => undefined); }, []);
  const f = error?.fields ?? {};

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const created = await api<{ id: number }>('POST', '/api/cases', {
        citizen: { ...citizen, phone: citizen.phone || null, email: citizen.email || null },
        employer: employer.cvr ? { cvr: employer.cvr, name: employer.name || null, industryCode: employer.industryCode || null, industryVersion: employer.industryCode ? employer.industryVersion : null } : null,
        ...factsToApi(facts),
        caseworkerId: caseworkerId ? Number(caseworkerId) : null,
      });
      navigate(`/sager/${created.id}`);
    } catch (err) {
      setError(err as ApiError);
      setBusy(false);
      setTimeout(() => document.querySelector<HTMLElement>('[aria-invalid="true"], .alert')?.focus(), 0);
    }
  }
  return (
    <main>
      <h1>Opret sag</h1>
      <form onSubmit={submit} noValidate>
        <ErrorSummary error={error?.problem ?? null} />
        <fieldset>
          <legend>Borger</legend>
          <div className="grid">
            <TextField label="CPR-nummer" name="cpr" hint="DDMMÅÅ-XXXX" value={citizen.cpr} onChange={(e) => setCitizen({ ...citizen, cpr: e.target.value })} error={f['citizen.cpr']} autoFocus />
            <TextField label="Navn" name="name" value={citizen.name} onChange={(e) => setCitizen({ ...citizen, name: e.target.value })} error={f['citizen.name']} />
            <TextField label="Mobilnummer (til SMS)" name="phone" type="tel" value={citizen.phone} onChange={(e) => setCitizen({ ...citizen, phone: e.target.value })} error={f['citizen.phone']} />
            <TextField label="E-mail" name="email" type="email" value={citizen.email} onChange={(e) => setCitizen({ ...citizen, email: e.target.value })} error={f['citizen.email']} />
            <CheckField label="Fritaget for Digital Post" checked={citizen.digitalPostExempt} onChange={(e) => setCitizen({ ...citizen, digitalPostExempt: e.target.checked })} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Arbejdsgiver</legend>
          <div className="grid">
            <TextField label="CVR-nummer" name="employerCvr" hint="8 cifre; tom hvis ingen arbejdsgiver" value={employer.cvr} onChange={(e) => setEmployer({ ...employer, cvr: e.target.value })} error={f['employer.cvr'] ?? f.employerCvr} />
            <TextField label="Virksomhedens navn" name="employerName" hint="Kun hvis virksomheden er ny i retur" value={employer.name} onChange={(e) => setEmployer({ ...employer, name: e.target.value })} error={f['employer.name']} />
            <TextField label="Branchekode" name="industryCode" hint="6 cifre" value={employer.industryCode} onChange={(e) => setEmployer({ ...employer, industryCode: e.target.value })} error={f['employer.industryCode']} />
            <SelectField label="Branchekodens version" name="industryVersion" value={employer.industryVersion} onChange={(e) => setEmployer({ ...employer, industryVersion: e.target.value })} options={[['DB07', 'DB07'], ['DB25', 'DB25']]} error={f['employer.industryVersion']} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Sygemeldingen</legend>
          <CaseFactsFields value={facts} onChange={setFacts} errors={f} />
        </fieldset>
        {/* A caseworker's new case is their own; the team leader chooses who gets it. */}
        {user.role !== 'caseworker' && (
          <fieldset>
            <legend>Sagsbehandler</legend>
            <SelectField label="Sagsbehandler" name="caseworkerId" value={caseworkerId} onChange={(e) => setCaseworkerId(e.target.value)} error={f.caseworkerId}
              options={[['', 'Vælg'], ...users.filter((u) => u.role === 'caseworker' || u.role === 'team_leader').map((u) => [String(u.id), `${u.name} (${u.openCases} sager)`] as [string, string])]} />
          </fieldset>
        )}
        <button type="submit" disabled={busy}>Opret sag</button>
      </form>
    </main>
  );
}
