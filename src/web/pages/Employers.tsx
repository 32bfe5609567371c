/**
 * Employers and fast track (issue 10, slice B): the case's employer and fast-track panel, and the employer register
 * with the early-effort list (seed 000, Slagelse: aim the early effort at workplaces with many sick-listed).
 */
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, todayOnServer } from '../api.ts';
import { ErrorSummary, SelectField, TextAreaField, TextField, formatDate, formatDateTime, optionsOf } from '../components.tsx';
import { LOG_CHANNELS, SIZE_BANDS, barLengths, type LogChannel, type SizeBand } from '../../domain/employers.ts';
import { REQUESTERS, type FastTrackStatus, type Requester } from '../../domain/fastTrack.ts';
import { addDays } from '../../domain/dates.ts';

interface EmployerSummary { id: number; cvr: string; name: string; industryCode: string | null; industryVersion: string | null; industryName: string | null; sizeBand: SizeBand | null; isMunicipality: boolean; openCases: number }
interface Contact { id: number; name: string; role: string | null; phone: string | null; email: string | null }
interface LogEntry { id: number; caseId: number | null; at: string; channel: LogChannel; summary: string; by: string | null }
interface CaseEmployer { employer: EmployerSummary | null; contacts: Contact[]; log: LogEntry[] }
interface FtRequest { requestedBy: Requester; requestedOn: string; status: FastTrackStatus; statusText: string; reason: string | null; receivedVia: string }
interface FtDeadline { kind: string; label: string; ruleId: string; legalDate: string; due: string; duty: string; status: string; why: string }
interface FastTrackView { version: number; employment: string; current: FtRequest | null; earlier: FtRequest[]; firstFollowUp: { due: string; ruleId: string } | null; deadlines: FtDeadline[] }

/** One form with its error summary and busy state; `run` returns the success message. */
function useForm(onDone: (msg: string) => void) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<string>) => {
    setBusy(true);
    try { const msg = await f(); setError(null); onDone(msg); } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  return { error, busy, run, f: error?.fields ?? {} };
}

function Form({ label, error, busy, submit, onSubmit, children }: { label: string; error: ApiError | null; busy: boolean; submit: string; onSubmit: () => void; children: ReactNode }) {
  return (
    <form className="panel" aria-label={label} noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); onSubmit(); }}>
      <h3>{label}</h3>
      <ErrorSummary error={error?.problem ?? null} />
      {children}
      <div className="actions"><button type="submit" disabled={busy}>{submit}</button></div>
    </form>
  );
}

function EmployerFacts({ e }: { e: EmployerSummary }) {
  return (
    <p>
      <strong>{e.name}</strong> · CVR {e.cvr}
      {e.industryCode && ` · ${e.industryName ?? 'branche'} (${e.industryCode}, ${e.industryVersion ?? '?'})`}
      {e.sizeBand && ` · ${SIZE_BANDS[e.sizeBand]}`}
      {e.isMunicipality && <> · <span className="tag">Kommunal arbejdsplads</span></>}
    </p>
  );
}

function Contacts({ contacts }: { contacts: Contact[] }) {
  if (contacts.length === 0) return <p className="muted">Ingen kontaktpersoner registreret.</p>;
  return (
    <ul className="cards">
      {contacts.map((c) => (
        <li key={c.id} className="card">
          <strong>{c.name}</strong>{c.role && `, ${c.role}`}
          {c.phone && <> · <a href={`tel:${c.phone.replace(/\s/g, '')}`}>{c.phone}</a></>}
          {c.email && <> · <a href={`mailto:${c.email}`}>{c.email}</a></>}
        </li>
      ))}
    </ul>
  );
}

function Log({ log }: { log: LogEntry[] }) {
  if (log.length === 0) return <p className="muted">Ingen kontakter registreret.</p>;
  return (
    <ul className="cards">
      {log.map((l) => (
        <li key={l.id} className="card">
          <p><strong>{LOG_CHANNELS[l.channel]}</strong> {formatDateTime(l.at)}{l.by && ` · ${l.by}`}{l.caseId != null && ` · sag ${l.caseId}`}</p>
          <p>{l.summary}</p>
        </li>
      ))}
    </ul>
  );
}

function LogForm({ employerId, caseId, onDone }: { employerId: number; caseId: number | null; onDone: (msg: string) => void }) {
  const [channel, setChannel] = useState<LogChannel>('phone');
  const [summary, setSummary] = useState('');
  const { error, busy, run, f } = useForm((m) => { setSummary(''); onDone(m); });
  return (
    <Form label="Registrér kontakt med arbejdsgiveren" error={error} busy={busy} submit="Gem kontakt"
      onSubmit={() => void run(async () => { await api('POST', `/api/employers/${employerId}/log`, { caseId, channel, summary }); return 'Kontakten med arbejdsgiveren er registreret.'; })}>
      <SelectField name="logChannel" label="Kanal" value={channel} onChange={(e) => setChannel(e.target.value as LogChannel)} options={optionsOf(LOG_CHANNELS)} error={f.channel} />
      <TextAreaField name="logSummary" label="Hvad drejede kontakten sig om?" value={summary} onChange={setSummary} error={f.summary} />
    </Form>
  );
}

function FastTrackRequestForm({ caseId, version, employed, onDone }: { caseId: number; version: number; employed: boolean; onDone: (msg: string) => void }) {
  const [requestedBy, setRequestedBy] = useState<Requester>(employed ? 'employer' : 'citizen');
  const [requested, setRequested] = useState(todayOnServer());
  const { error, busy, run, f } = useForm(onDone);
  return (
    <Form label="Registrér anmodning om fast track" error={error} busy={busy} submit="Registrér anmodning"
      onSubmit={() => void run(async () => {
        const v = await api<FastTrackView>('POST', `/api/cases/${caseId}/fast-track`, { requestedBy, requested, version });
        return v.current?.status === 'accepted'
          ? `Fast track er registreret. Første opfølgningssamtale senest ${formatDate(v.firstFollowUp?.due)}.`
          : `Anmodningen er registreret, men ${v.current?.status === 'late' ? 'kom for sent' : 'følges ikke'}: de almindelige frister gælder.`;
      })}>
      <SelectField name="requestedBy" label="Anmodet af" value={requestedBy} onChange={(e) => setRequestedBy(e.target.value as Requester)}
        options={(employed ? optionsOf(REQUESTERS) : [['citizen', REQUESTERS.citizen]])} error={f.requestedBy} />
      <TextField name="requested" type="date" label="Anmodet den" value={requested} max={todayOnServer()} onChange={(e) => setRequested(e.target.value)} error={f.requested} />
    </Form>
  );
}

function DeclineForm({ caseId, version, onDone }: { caseId: number; version: number; onDone: (msg: string) => void }) {
  const [reason, setReason] = useState('');
  const { error, busy, run, f } = useForm(onDone);
  return (
    <Form label="Registrér afslag på fast track" error={error} busy={busy} submit="Registrér afslag"
      onSubmit={() => void run(async () => { await api('POST', `/api/cases/${caseId}/fast-track/decline`, { reason, version }); return 'Afslaget er registreret. De almindelige frister gælder igen.'; })}>
      <TextField name="declineReason" label="Begrundelse for afslaget" value={reason} onChange={(e) => setReason(e.target.value)} error={f.reason} />
    </Form>
  );
}

/** The case page's panel: the employer with contacts and the contact log, and the fast-track request with its deadlines. */
export function CaseEmployerPanel({ caseId, version, canWrite, onDone }: { caseId: number; version: number; canWrite: boolean; onDone: (msg: string) => void }) {
  const [emp, setEmp] = useState<CaseEmployer | null>(null);
  const [ft, setFt] = useState<FastTrackView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [e, f] = await Promise.all([api<CaseEmployer>('GET', `/api/cases/${caseId}/employer`), api<FastTrackView>('GET', `/api/cases/${caseId}/fast-track`)]);
      setEmp(e); setFt(f); setLoadError(null);
    } catch (e) { setLoadError((e as ApiError).message); }
  }, [caseId]);
  useEffect(() => { void load(); }, [load, version]);
  const done = (msg: string) => { setMessage(msg); void load(); onDone(msg); };
  const cur = ft?.current ?? null;

  return (
    <section aria-labelledby={`employer-${caseId}`}>
      <h2 id={`employer-${caseId}`}>Arbejdsgiver og fast track</h2>
      {message && <p role="status" className="notice">{message}</p>}
      {loadError && <p role="alert" className="error">{loadError}</p>}
      {emp && (emp.employer ? <EmployerFacts e={emp.employer} /> : <p className="muted">Ingen arbejdsgiver på sagen.</p>)}
      {emp?.employer && <><h3>Kontaktpersoner</h3><Contacts contacts={emp.contacts} /></>}
      {emp?.employer && <><h3>Kontaktlog om sagen</h3><Log log={emp.log} /></>}
      {canWrite && emp?.employer && <LogForm employerId={emp.employer.id} caseId={caseId} onDone={done} />}

      <h3>Fast track (tidlig opfølgning)</h3>
      {ft && !cur && <p className="muted">Ingen anmodning om fast track.</p>}
      {cur && (
        <div className="fast-track" data-status={cur.status}>
          <p>{REQUESTERS[cur.requestedBy]} anmodede {formatDate(cur.requestedOn)}: <strong>{cur.statusText}</strong></p>
          {cur.reason && <p className="issue warning">{cur.reason}</p>}
        </div>
      )}
      {ft && ft.deadlines.length > 0 && (
        <div className="table-box" tabIndex={0} role="region" aria-label="Frister ved fast track">
          <table className="list">
            <thead><tr><th scope="col">Frist</th><th scope="col">Dato</th><th scope="col">Regel</th></tr></thead>
            <tbody>
              {ft.deadlines.map((d) => (
                <tr key={d.kind} data-fast-track-kind={d.kind}><td>{d.label}</td><td>{formatDate(d.due)}</td><td>{d.ruleId}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite && ft && (!cur || cur.status !== 'accepted') && <FastTrackRequestForm caseId={caseId} version={version} employed={ft.employment === 'employed'} onDone={done} />}
      {canWrite && ft && cur?.status === 'accepted' && <DeclineForm caseId={caseId} version={version} onDone={done} />}
    </section>
  );
}

interface EmployerDetail { employer: EmployerSummary; cases: { cases: number; open: number; lastYear: number }; contacts: Contact[]; log: LogEntry[] }
interface EarlyEffort {
  industries: { industryCode: string | null; industryVersion: string | null; industryName: string | null; newCases: number; employers: number }[];
  employers: { id: number; name: string; cvr: string; isMunicipality: boolean; newCases: number; contactName: string | null; contactRole: string | null; phone: string | null }[] | null;
}

function ContactForm({ employerId, onDone }: { employerId: number; onDone: (msg: string) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const { error, busy, run, f } = useForm((m) => { setName(''); setRole(''); setPhone(''); setEmail(''); onDone(m); });
  return (
    <Form label="Tilføj kontaktperson" error={error} busy={busy} submit="Tilføj"
      onSubmit={() => void run(async () => { await api('POST', `/api/employers/${employerId}/contacts`, { name, role, phone, email }); return 'Kontaktpersonen er tilføjet.'; })}>
      <div className="grid">
        <TextField name="contactName" label="Navn" value={name} onChange={(e) => setName(e.target.value)} error={f.name} />
        <TextField name="contactRole" label="Rolle" value={role} onChange={(e) => setRole(e.target.value)} error={f.role} />
        <TextField name="contactPhone" label="Telefon" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} error={f.phone} />
        <TextField name="contactEmail" label="E-mail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={f.email} />
      </div>
    </Form>
  );
}

/** A small horizontal bar chart; the same numbers stand in the table next to it. */
function Bars({ title, rows }: { title: string; rows: { label: string; value: number }[] }) {
  const width = 200;
  const lengths = barLengths(rows.map((r) => r.value), width);
  const rowH = 18;
  return (
    <svg role="img" aria-label={`${title}: ${rows.map((r) => `${r.label} ${r.value}`).join(', ')}`} viewBox={`0 0 ${width + 40} ${rows.length * rowH}`} style={{ maxWidth: '100%', height: 'auto' }}>
      {rows.map((r, i) => (
        <g key={i}>
          <rect x={0} y={i * rowH + 3} width={lengths[i]} height={rowH - 6} fill="currentColor" opacity={0.6} />
          <text x={lengths[i] + 4} y={i * rowH + rowH - 5} fontSize={11}>{r.value}</text>
        </g>
      ))}
    </svg>
  );
}

function EarlyEffortSection() {
  const [from, setFrom] = useState(addDays(todayOnServer(), -90));
  const [to, setTo] = useState(todayOnServer());
  const [data, setData] = useState<EarlyEffort | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(async () => {
    try { setData(await api<EarlyEffort>('GET', `/api/analytics/early-effort?from=${from}&to=${to}&limit=10`)); setError(null); }
    catch (e) { setError(e as ApiError); setData(null); }
  }, [from, to]);
  useEffect(() => { void load(); }, [load]);
  if (error?.problem.status === 403) return null;
  return (
    <section aria-labelledby="early-effort">
      <h2 id="early-effort">Tidlig indsats: hvem skal vi ringe til?</h2>
      <p className="hint">Arbejdsgivere og brancher med flest nye sager (første fraværsdag i perioden).</p>
      <div className="grid">
        <TextField name="eeFrom" type="date" label="Fra" value={from} onChange={(e) => setFrom(e.target.value)} error={error?.fields?.from} />
        <TextField name="eeTo" type="date" label="Til" value={to} onChange={(e) => setTo(e.target.value)} error={error?.fields?.to} />
      </div>
      {data?.employers && (
        <>
          <h3>Arbejdsgivere</h3>
          <Bars title="Nye sager pr. arbejdsgiver" rows={data.employers.map((e) => ({ label: e.name, value: e.newCases }))} />
          <div className="table-box" tabIndex={0} role="region" aria-label="Ringeliste">
            <table className="list">
              <thead><tr><th scope="col">Arbejdsgiver</th><th scope="col">CVR</th><th scope="col">Kontaktperson</th><th scope="col">Telefon</th><th scope="col">Nye sager</th></tr></thead>
              <tbody>
                {data.employers.map((e) => (
                  <tr key={e.id}>
                    <td>{e.name}{e.isMunicipality && ' (kommunal)'}</td><td>{e.cvr}</td>
                    <td>{e.contactName ?? '–'}{e.contactRole && `, ${e.contactRole}`}</td>
                    <td>{e.phone ? <a href={`tel:${e.phone.replace(/\s/g, '')}`}>{e.phone}</a> : '–'}</td><td>{e.newCases}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {data && (
        <>
          <h3>Brancher</h3>
          <Bars title="Nye sager pr. branche" rows={data.industries.map((i) => ({ label: i.industryName ?? i.industryCode ?? 'ukendt', value: i.newCases }))} />
          <div className="table-box" tabIndex={0} role="region" aria-label="Brancher">
            <table className="list">
              <thead><tr><th scope="col">Branche</th><th scope="col">Kode</th><th scope="col">Arbejdsgivere</th><th scope="col">Nye sager</th></tr></thead>
              <tbody>
                {data.industries.map((i) => (
                  <tr key={`${i.industryCode}-${i.industryVersion}`}><td>{i.industryName ?? 'ukendt'}</td><td>{i.industryCode ?? '–'} {i.industryVersion && `(${i.industryVersion})`}</td><td>{i.employers}</td><td>{i.newCases}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** /arbejdsgivere: search the register, one employer's contacts, log and cases, and the early-effort list. */
export function EmployersPage() {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<EmployerSummary[] | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [detail, setDetail] = useState<EmployerDetail | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const search = async () => {
    try { setResults((await api<{ employers: EmployerSummary[] }>('GET', `/api/employers?q=${encodeURIComponent(q)}`)).employers); setError(null); }
    catch (e) { setError(e as ApiError); }
  };
  const open = useCallback(async (id: number) => {
    try { setDetail(await api<EmployerDetail>('GET', `/api/employers/${id}`)); setError(null); } catch (e) { setError(e as ApiError); }
  }, []);
  useEffect(() => { if (selected != null) void open(selected); }, [selected, open]);
  const done = (msg: string) => { setMessage(msg); if (selected != null) void open(selected); };

  return (
    <main>
      <h1>Arbejdsgivere</h1>
      {message && <p role="status" className="notice">{message}</p>}
      <form className="panel" role="search" aria-label="Søg arbejdsgiver" noValidate onSubmit={(e) => { e.preventDefault(); void search(); }}>
        <ErrorSummary error={error?.problem ?? null} />
        <TextField name="employerQuery" label="Navn eller CVR-nummer" value={q} onChange={(e) => setQ(e.target.value)} error={error?.fields?.q} />
        <div className="actions"><button type="submit">Søg</button></div>
      </form>
      {results && results.length === 0 && <p className="muted">Ingen arbejdsgivere fundet.</p>}
      {results && results.length > 0 && (
        <ul className="cards" aria-label="Søgeresultat">
          {results.map((e) => (
            <li key={e.id} className="card">
              <button type="button" className="link" onClick={() => setSelected(e.id)}>{e.name}</button> · CVR {e.cvr} · {e.openCases} åbne sager{e.isMunicipality && ' · kommunal'}
            </li>
          ))}
        </ul>
      )}
      {detail && (
        <section aria-labelledby="employer-detail">
          <h2 id="employer-detail">{detail.employer.name}</h2>
          <EmployerFacts e={detail.employer} />
          <p>{detail.cases.open} åbne sager · {detail.cases.lastYear} sager med fravær begyndt det seneste år · {detail.cases.cases} i alt</p>
          <h3>Kontaktpersoner</h3>
          <Contacts contacts={detail.contacts} />
          <ContactForm employerId={detail.employer.id} onDone={done} />
          <h3>Kontaktlog</h3>
          <Log log={detail.log} />
          <LogForm employerId={detail.employer.id} caseId={null} onDone={done} />
        </section>
      )}
      <EarlyEffortSection />
    </main>
  );
}
