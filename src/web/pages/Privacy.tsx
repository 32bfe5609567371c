/**
 * Persondata (administrators): a citizen's right of access (GDPR art. 15) as JSON or PDF, and the retention run
 * (art. 5(1)(e)): first the dry run, then deletion after a confirmation. The CPR number goes in the request body,
 * never in the address.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api.ts';
import { api } from '../api.ts';
import { ErrorSummary, TextField, formatDate } from '../components.tsx';
import { CASE_KINDS, EXIT_REASONS } from '../../domain/caseFields.ts';

interface RetentionReport {
  today: string;
  periods: { caseYears: number; noteYears: number; auditYears: number; sessionDays: number; loginFailureDays: number; discardedMailDays?: number };
  cutoffs: { casesExitedBefore: string; notesExitedBefore: string; auditBefore: string; sessionsBefore: string; loginFailuresBefore: string; discardedMailBefore: string };
  applied: boolean;
  counts: { cases: number; caseRows: Record<string, number>; notes: number; meetingNotes: number; citizensAnonymised: number; auditEntries: number; sessions: number; loginFailures: number; discardedMail: number };
  cases: { id: number; kind: string; exitDate: string; exitReason: string | null; team: string }[];
}

const TABLES: Record<string, string> = {
  case_action: 'Historik (hændelser)', case_deadline: 'Frister', case_plan: 'Opfølgningsplaner', follow_up_meeting: 'Samtaler',
  case_task: 'Opgaver', case_note: 'Notater',
};

/** Downloads the export: a POST (the CPR number in the body), so a plain link cannot do it. */
async function downloadExport(cpr: string, format: 'json' | 'pdf'): Promise<string> {
  const res = await fetch('/api/admin/privacy/export', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cpr, format }), credentials: 'same-origin',
  });
  if (!res.ok) {
    if (res.status === 401) window.dispatchEvent(new Event('retur:logged-out'));
    const problem = await res.json().catch(() => null);
    throw new ApiError(problem ?? { title: 'Fejl', detail: `Serveren svarede ${res.status}`, status: res.status });
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `indsigt.${format}`;
  const blob = format === 'json' ? new Blob([JSON.stringify(await res.json(), null, 2)], { type: 'application/json' }) : await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

export function Privacy() {
  return (
    <main>
      <h1>Persondata</h1>
      <Access />
      <Retention />
    </main>
  );
}

function Access() {
  const [cpr, setCpr] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const run = (format: 'json' | 'pdf') => async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setDone(null);
    try { setDone(await downloadExport(cpr, format)); setError(null); } catch (err) { setError(err as ApiError); } finally { setBusy(false); }
  };
  return (
    <section className="panel" aria-labelledby="access-h">
      <h2 id="access-h">Indsigt for en borger</h2>
      <p>Hent alt, hvad retur har om en borger: identitet og kontaktoplysninger, sager med oplysninger, historik, frister med lovgrundlag, samtaler, opgaver, notater (også helbredsoplysninger) og hvem der har set eller ændret oplysningerne. Udtrækket bliver selv logget.</p>
      <form className="search" onSubmit={run('pdf')} noValidate>
        <TextField label="Borgerens CPR-nummer" name="cpr" autoComplete="off" inputMode="numeric" value={cpr} onChange={(e) => setCpr(e.target.value)} error={error?.fields.cpr} />
        <button type="submit" disabled={busy}>Hent som PDF</button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void run('json')()}>Hent som JSON</button>
      </form>
      <ErrorSummary error={error && !error.fields.cpr ? error.problem : null} />
      {done && <p className="notice" role="status">Hentet: {done}</p>}
    </section>
  );
}

function Retention() {
  const [report, setReport] = useState<RetentionReport | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<RetentionReport | null>(null);

  async function preview() {
    setBusy(true);
    try { setReport(await api<RetentionReport>('POST', '/api/admin/privacy/retention/preview')); setResult(null); setConfirming(false); setError(null); }
    catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  }
  async function apply() {
    if (!report) return;
    setBusy(true);
    try { setResult(await api<RetentionReport>('POST', '/api/admin/privacy/retention/apply', { cutoffs: report.cutoffs })); setReport(null); setConfirming(false); setError(null); }
    catch (e) { setError(e as ApiError); setConfirming(false); } finally { setBusy(false); }
  }
  const nothing = report && report.counts.cases + report.counts.notes + report.counts.meetingNotes + report.counts.citizensAnonymised + report.counts.auditEntries + report.counts.sessions + report.counts.loginFailures + report.counts.discardedMail === 0;

  return (
    <section className="panel" aria-labelledby="retention-h">
      <h2 id="retention-h">Sletning efter opbevaringsperioderne</h2>
      <p>Afsluttede sager slettes, når opbevaringsperioden efter afslutningsdatoen er udløbet, og en borger uden sager anonymiseres. Perioderne står i kommunens politik. Se først en prøvekørsel; den ændrer ingenting.</p>
      <div className="actions">
        <button type="button" onClick={() => void preview()} disabled={busy}>{report ? 'Opdater prøvekørsel' : 'Vis prøvekørsel'}</button>
      </div>
      <ErrorSummary error={error?.problem ?? null} />
      {result && (
        <p className="notice" role="status">
          Udført: {result.counts.cases} sager slettet, {result.counts.citizensAnonymised} borgere anonymiseret, {result.counts.notes + result.counts.meetingNotes} notater slettet,
          {' '}{result.counts.auditEntries} revisionsposter, {result.counts.sessions} sessioner og {result.counts.loginFailures} mislykkede logins og {result.counts.discardedMail} kasserede e-mails slettet.
        </p>
      )}
      {report && (
        <>
          <h3>Prøvekørsel pr. {formatDate(report.today)}</h3>
          <div style={{ overflowX: 'auto' }} role="region" aria-label="Hvad der ville blive slettet" tabIndex={0}>
            <table className="list">
              <thead><tr><th scope="col">Hvad</th><th scope="col">Regel</th><th scope="col">Antal</th></tr></thead>
              <tbody>
                <tr><th scope="row">Afsluttede sager</th><td>{report.periods.caseYears} år efter afslutning (afsluttet før {formatDate(report.cutoffs.casesExitedBefore)})</td><td>{report.counts.cases}</td></tr>
                {Object.entries(report.counts.caseRows).filter(([, n]) => n > 0).map(([t, n]) => (
                  <tr key={t}><th scope="row">– {TABLES[t] ?? t}</th><td>Slettes med sagen</td><td>{n}</td></tr>
                ))}
                <tr><th scope="row">Notater og samtalenoter på sager, der bevares</th><td>{report.periods.noteYears} år efter afslutning (afsluttet før {formatDate(report.cutoffs.notesExitedBefore)})</td><td>{report.counts.notes + report.counts.meetingNotes}</td></tr>
                <tr><th scope="row">Borgere, der anonymiseres</th><td>Ingen sager tilbage</td><td>{report.counts.citizensAnonymised}</td></tr>
                <tr><th scope="row">Revisionsspor</th><td>{report.periods.auditYears} år (før {formatDate(report.cutoffs.auditBefore)})</td><td>{report.counts.auditEntries}</td></tr>
                <tr><th scope="row">Udløbne sessioner</th><td>{report.periods.sessionDays} dage</td><td>{report.counts.sessions}</td></tr>
                <tr><th scope="row">Mislykkede logins</th><td>{report.periods.loginFailureDays} dage</td><td>{report.counts.loginFailures}</td></tr>
                <tr><th scope="row">Kasserede e-mails uden sag</th><td>{report.periods.discardedMailDays ?? 30} dage</td><td>{report.counts.discardedMail}</td></tr>
              </tbody>
            </table>
          </div>
          {report.cases.length > 0 && (
            <>
              <h3>Sager, der slettes ({report.cases.length})</h3>
              <div className="scroll" role="region" aria-label="Sager, der slettes" tabIndex={0}>
                <table className="list">
                  <thead><tr><th scope="col">Sag</th><th scope="col">Type</th><th scope="col">Afsluttet</th><th scope="col">Årsag</th><th scope="col">Team</th></tr></thead>
                  <tbody>
                    {report.cases.map((c) => (
                      <tr key={c.id}>
                        <td>{c.id}</td><td>{CASE_KINDS[c.kind as keyof typeof CASE_KINDS] ?? c.kind}</td><td>{formatDate(c.exitDate)}</td>
                        <td>{c.exitReason ? EXIT_REASONS[c.exitReason as keyof typeof EXIT_REASONS] ?? c.exitReason : '–'}</td><td>{c.team}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {nothing ? <p>Der er intet at slette i dag.</p> : !confirming ? (
            <div className="actions"><button type="button" onClick={() => setConfirming(true)} disabled={busy}>Slet og anonymiser …</button></div>
          ) : (
            <div className="alert" role="alertdialog" aria-labelledby="confirm-h">
              <p id="confirm-h"><strong>Slet {report.counts.cases} sager og anonymiser {report.counts.citizensAnonymised} borgere?</strong> Det kan ikke fortrydes.</p>
              <div className="actions">
                <button type="button" onClick={() => void apply()} disabled={busy}>Ja, slet nu</button>
                <button type="button" className="secondary" onClick={() => setConfirming(false)}>Fortryd</button>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
