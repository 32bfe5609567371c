/**
 * The rest of the law on the case (issue 10, slice E): extensions at the revurdering (SDL § 27) with the seven grounds,
 * their end days and sources; sanctions for not taking part (SDL § 21) with their timeline of dates. Mobile first:
 * cards for the case's own records, the grounds in a scrollable table box.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, todayOnServer } from '../api.ts';
import { ErrorSummary, SelectField, TextAreaField, TextField, formatDate } from '../components.tsx';
import { END_REASONS, GROUNDS, extensionEnd, type EndReason, type ExtensionNote, type Ground } from '../../domain/extensions.ts';
import { DECISIONS, FAILURE_KINDS, type Decision, type FailureKind, type SanctionStatus } from '../../domain/sanctions.ts';

const opts = (o: Record<string, string>): [string, string][] => Object.entries(o);

// ---- Extensions (SDL § 27) ----------------------------------------------------------------------------------------

interface ExtensionView {
  id: number; ground: Ground; groundLabel: string; runs: string; source: string; confidence: 'H' | 'M' | 'L'; decidedOn: string;
  basisMonthEnd: string; endsOn: string | null; hospitalWaitDays: number | null; note: string | null; createdBy: string | null;
  endedOn: string | null; endReason: EndReason | null; active: boolean; notes: ExtensionNote[]; lastFollowUpOn: string | null; suggestedNextFollowUp: string | null;
}
interface ExtensionList { today: string; rs2026Start: string; planMonthEnd: string | null; extensions: ExtensionView[] }

/** What the end day would be, shown in the form before saving: the domain's own rule (the server stores the same). */
function previewEnd(ground: Ground, monthEnd: string | null, wait: number): string {
  if (!monthEnd) return '–';
  const end = extensionEnd(ground, monthEnd, wait);
  return end ? formatDate(end) : GROUNDS[ground].runs;
}

function ExtensionForm({ caseId, version, data, onDone, onCancel }: { caseId: number; version: number; data: ExtensionList; onDone: (m: string) => void; onCancel: () => void }) {
  const today = todayOnServer();
  const [ground, setGround] = useState<Ground>(2);
  const [decidedOn, setDecidedOn] = useState(today);
  const [basisMonthEnd, setBasis] = useState(data.planMonthEnd ?? '');
  const [wait, setWait] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const f = error?.fields ?? {};
  const warn = GROUNDS[ground].unverifiedAfterReform && decidedOn >= data.rs2026Start;
  const submit = async () => {
    setBusy(true);
    try {
      const r = await api<{ endsOn: string | null; notes: ExtensionNote[] }>('POST', `/api/cases/${caseId}/extensions`, {
        ground, decidedOn, version, ...(basisMonthEnd && basisMonthEnd !== data.planMonthEnd ? { basisMonthEnd } : {}),
        ...(ground === 3 && wait ? { hospitalWaitDays: Number(wait) } : {}), ...(note.trim() ? { note } : {}),
      });
      setError(null);
      onDone(`Forlængelsen efter § 27, nr. ${ground} er registreret${r.endsOn ? ` til og med ${formatDate(r.endsOn)}` : ''}.`);
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  return (
    <form className="panel" aria-label="Registrér forlængelse" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <h3>Registrér forlængelse</h3>
      <ErrorSummary error={error?.problem ?? null} />
      <SelectField name="ground" label="Grundlag (SDL § 27, stk. 1)" value={String(ground)} onChange={(e) => setGround(Number(e.target.value) as Ground)} error={f.ground}
        options={([1, 2, 3, 4, 5, 6, 7] as Ground[]).map((g) => [String(g), `Nr. ${g}: ${GROUNDS[g].label}`])} />
      {warn && (
        <p className="alert" role="alert">
          Grundlaget er sandsynligvis ændret med lov 1750/2025 (i kraft {formatDate(data.rs2026Start)} efter kommunens fortolkning); den nye ordlyd er ikke verificeret.
        </p>
      )}
      <TextField name="decidedOn" type="date" label="Afgjort" value={decidedOn} max={today} onChange={(e) => setDecidedOn(e.target.value)} error={f.decidedOn} />
      <TextField name="basisMonthEnd" type="date" label="Revurderingstidspunkt (revurderingsmånedens sidste dag)" value={basisMonthEnd} onChange={(e) => setBasis(e.target.value)} error={f.basisMonthEnd}
        hint={data.planMonthEnd ? `Fra sagens plan: ${formatDate(data.planMonthEnd)}` : 'Sagens plan har ingen revurdering; angiv datoen.'} />
      {ground === 3 && <TextField name="hospitalWaitDays" type="number" inputMode="numeric" min={0} label="Ventetid på behandling på offentligt sygehus (dage)" value={wait} onChange={(e) => setWait(e.target.value)} error={f.hospitalWaitDays} />}
      <p>Slutdato: <strong>{previewEnd(ground, basisMonthEnd || null, Number(wait) || 0)}</strong> <span className="muted">({GROUNDS[ground].source})</span></p>
      <TextAreaField name="note" label="Bemærkning (valgfri)" value={note} onChange={setNote} error={f.note} />
      <div className="actions">
        <button type="submit" disabled={busy}>Registrér forlængelse</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

function EndExtensionForm({ ext, onDone, onCancel }: { ext: ExtensionView; onDone: (m: string) => void; onCancel: () => void }) {
  const [endedOn, setEndedOn] = useState(todayOnServer());
  const [reason, setReason] = useState<EndReason>('decision');
  const [error, setError] = useState<ApiError | null>(null);
  const f = error?.fields ?? {};
  const submit = async () => {
    try { await api('POST', `/api/extensions/${ext.id}/end`, { endedOn, reason }); setError(null); onDone('Forlængelsen er afsluttet.'); }
    catch (e) { setError(e as ApiError); }
  };
  return (
    <form aria-label="Afslut forlængelse" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <ErrorSummary error={error?.problem ?? null} />
      <TextField name="endedOn" type="date" label="Ophørt" value={endedOn} min={ext.decidedOn} max={todayOnServer()} onChange={(e) => setEndedOn(e.target.value)} error={f.endedOn} />
      <SelectField name="reason" label="Årsag" value={reason} onChange={(e) => setReason(e.target.value as EndReason)} options={opts(END_REASONS)} error={f.reason} />
      <div className="actions">
        <button type="submit">Afslut forlængelse</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

export function CaseExtensionsPanel({ caseId, version, canWrite, onDone }: { caseId: number; version: number; canWrite: boolean; onDone: (msg: string) => void }) {
  const [data, setData] = useState<ExtensionList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    try { setData(await api<ExtensionList>('GET', `/api/cases/${caseId}/extensions`)); setLoadError(null); }
    catch (e) { setLoadError((e as ApiError).message); }
  }, [caseId]);
  useEffect(() => { void load(); }, [load, version]);
  const done = async (msg: string) => { setAdding(false); setEnding(null); setMessage(msg); await load(); onDone(msg); };
  const monthEnd = data?.planMonthEnd ?? null;
  return (
    <section aria-labelledby={`extensions-${caseId}`}>
      <h2 id={`extensions-${caseId}`}>Forlængelse (SDL § 27)</h2>
      {message && <p role="status" className="notice">{message}</p>}
      {loadError && <p role="alert" className="error">{loadError}</p>}
      {data && canWrite && (adding
        ? <ExtensionForm caseId={caseId} version={version} data={data} onDone={(m) => void done(m)} onCancel={() => setAdding(false)} />
        : <div className="actions"><button type="button" onClick={() => setAdding(true)}>Registrér forlængelse</button></div>)}
      {data && data.extensions.length === 0 && <p className="muted">Ingen forlængelser på sagen.{monthEnd && ` Revurdering senest ${formatDate(monthEnd)}.`}</p>}
      {data && data.extensions.length > 0 && (
        <ul className="cards">
          {data.extensions.map((x) => (
            <li key={x.id} className="card">
              <p><strong>Nr. {x.ground}:</strong> {x.groundLabel} {x.confidence === 'L' && <span className="badge unverified">ikke verificeret</span>}</p>
              <p>
                Afgjort {formatDate(x.decidedOn)} · fra revurderingen {formatDate(x.basisMonthEnd)} ·{' '}
                {x.endsOn ? <>til og med <strong>{formatDate(x.endsOn)}</strong></> : x.runs}
                {x.hospitalWaitDays ? ` (inkl. ${x.hospitalWaitDays} dages ventetid)` : ''}
              </p>
              <p className="muted">{x.source}</p>
              {x.endedOn
                ? <p>Ophørt {formatDate(x.endedOn)}{x.endReason && ` – ${END_REASONS[x.endReason]}`}</p>
                : x.active && <p>Opfølgningen fortsætter{x.lastFollowUpOn && ` (seneste samtale ${formatDate(x.lastFollowUpOn)})`}; næste samtale foreslået senest {formatDate(x.suggestedNextFollowUp)}.</p>}
              {x.notes.map((n) => <p key={n.ruleId} className={n.level === 'warning' ? 'alert' : 'muted'}>{n.text} <span className="muted">({n.ruleId}, [{n.confidence}])</span></p>)}
              {x.note && <p>{x.note}</p>}
              {canWrite && !x.endedOn && (ending === x.id
                ? <EndExtensionForm ext={x} onDone={(m) => void done(m)} onCancel={() => setEnding(null)} />
                : <button type="button" className="secondary" onClick={() => setEnding(x.id)}>Afslut forlængelse</button>)}
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Grundlag og slutdatoer</summary>
        <div className="table-box" tabIndex={0}>
          <table>
            <caption>Forlængelsesgrundlag efter SDL § 27, stk. 1{monthEnd && `, regnet fra revurderingen ${formatDate(monthEnd)}`}</caption>
            <thead><tr><th scope="col">Nr.</th><th scope="col">Grundlag</th><th scope="col">Varighed</th><th scope="col">Slutdato</th><th scope="col">Kilde</th></tr></thead>
            <tbody>
              {([1, 2, 3, 4, 5, 6, 7] as Ground[]).map((g) => (
                <tr key={g}>
                  <td>{g}</td>
                  <td>{GROUNDS[g].label}{GROUNDS[g].unverifiedAfterReform && <> <span className="badge unverified">[L] efter lov 1750/2025</span></>}</td>
                  <td>{GROUNDS[g].runs}</td>
                  <td>{GROUNDS[g].end === 'weeks' ? previewEnd(g, monthEnd, 0) : '–'}</td>
                  <td>{GROUNDS[g].source} [{GROUNDS[g].confidence}]</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted">Fra 1. januar 2027 overgår borgere uden forlængelse efter den forventede lovændring til nedsat sygedagpengesats i stedet for jobafklaringsforløb (J-10, ikke verificeret).</p>
      </details>
    </section>
  );
}

// ---- Sanctions (SDL § 21) -----------------------------------------------------------------------------------------

interface SanctionView {
  id: number; failureKind: FailureKind; failureLabel: string; failureOn: string; hearingSentOn: string | null; hearingAnswerDue: string | null;
  letterId: number | null; decision: Decision | null; decidedOn: string | null; stoppedFrom: string | null; resumeBy: string | null;
  resumedOn: string | null; note: string | null; status: SanctionStatus; statusLabel: string; paymentResumesFrom: string | null;
}

function RegisterSanctionForm({ caseId, onDone, onCancel }: { caseId: number; onDone: (m: string) => void; onCancel: () => void }) {
  const today = todayOnServer();
  const [failureKind, setKind] = useState<FailureKind>('missed-meeting');
  const [failureOn, setFailureOn] = useState(today);
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const f = error?.fields ?? {};
  const submit = async () => {
    try {
      await api('POST', `/api/cases/${caseId}/sanctions`, { failureKind, failureOn, ...(note.trim() ? { note } : {}) });
      setError(null); onDone('Den manglende medvirken er registreret. Send partshøring, før der træffes afgørelse.');
    } catch (e) { setError(e as ApiError); }
  };
  return (
    <form className="panel" aria-label="Registrér manglende medvirken" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <h3>Registrér manglende medvirken</h3>
      <ErrorSummary error={error?.problem ?? null} />
      <SelectField name="failureKind" label="Hvad har borgeren ikke medvirket til?" value={failureKind} onChange={(e) => setKind(e.target.value as FailureKind)} options={opts(FAILURE_KINDS)} error={f.failureKind}
        hint="Afvisning af lægebehandling er aldrig grund til standsning (SDL § 21 a)." />
      <TextField name="failureOn" type="date" label="Dato" value={failureOn} max={today} onChange={(e) => setFailureOn(e.target.value)} error={f.failureOn} />
      <TextAreaField name="note" label="Bemærkning (valgfri)" value={note} onChange={setNote} error={f.note} />
      <div className="actions">
        <button type="submit">Gem manglende medvirken</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

type Step = 'hearing' | 'decision' | 'resume';
function SanctionStepForm({ s, step, onDone, onCancel }: { s: SanctionView; step: Step; onDone: (m: string) => void; onCancel: () => void }) {
  const today = todayOnServer();
  const [day, setDay] = useState(today);
  const [letter, setLetter] = useState(true);
  const [decision, setDecision] = useState<Decision>('stopped');
  const [stoppedFrom, setStoppedFrom] = useState(s.failureOn);
  const [error, setError] = useState<ApiError | null>(null);
  const f = error?.fields ?? {};
  const submit = async () => {
    try {
      if (step === 'hearing') {
        const r = await api<{ hearingAnswerDue: string; letterId: number | null }>('POST', `/api/sanctions/${s.id}/hearing`, { sentOn: day, letter });
        onDone(`Partshøringen er registreret; borgerens svarfrist er ${formatDate(r.hearingAnswerDue)}.${r.letterId ? ' Partshøringsbrevet ligger som kladde under Breve.' : ''}`);
      } else if (step === 'decision') {
        const r = await api<{ resumeBy: string | null }>('POST', `/api/sanctions/${s.id}/decision`, { decision, decidedOn: day, ...(decision === 'stopped' ? { stoppedFrom } : {}) });
        onDone(decision === 'stopped' ? `Sygedagpengene er standset. Medvirker borgeren igen senest ${formatDate(r.resumeBy)}, genoptages de.` : 'Afgørelsen er registreret: sygedagpengene standses ikke.');
      } else {
        const r = await api<{ paymentResumesFrom: string }>('POST', `/api/sanctions/${s.id}/resume`, { resumedOn: day });
        onDone(`Sygedagpengene genoptages fra ${formatDate(r.paymentResumesFrom)}.`);
      }
      setError(null);
    } catch (e) { setError(e as ApiError); }
  };
  const labels: Record<Step, [string, string]> = {
    hearing: ['Partshøring sendt', 'Gem partshøring'], decision: ['Afgjort', 'Gem afgørelse'], resume: ['Borgeren medvirker igen fra', 'Genoptag'],
  };
  const dayField = step === 'hearing' ? 'sentOn' : step === 'decision' ? 'decidedOn' : 'resumedOn';
  return (
    <form aria-label={labels[step][1]} noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <ErrorSummary error={error?.problem ?? null} />
      {step === 'decision' && <SelectField name="decision" label="Afgørelse" value={decision} onChange={(e) => setDecision(e.target.value as Decision)} options={opts(DECISIONS)} error={f.decision}
        hint={s.hearingAnswerDue ? `Standsning kan tidligst besluttes dagen efter svarfristen ${formatDate(s.hearingAnswerDue)}.` : undefined} />}
      <TextField name={dayField} type="date" label={labels[step][0]} value={day} max={today} onChange={(e) => setDay(e.target.value)} error={f[dayField]} />
      {step === 'decision' && decision === 'stopped' && <TextField name="stoppedFrom" type="date" label="Standset fra" value={stoppedFrom} onChange={(e) => setStoppedFrom(e.target.value)} error={f.stoppedFrom} />}
      {step === 'hearing' && (
        <div className="field"><label><input type="checkbox" checked={letter} onChange={(e) => setLetter(e.target.checked)} /> Lav partshøringsbrevet som kladde</label></div>
      )}
      <div className="actions">
        <button type="submit">{labels[step][1]}</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

/** The sanction's dates in order, each with what it means. */
function Timeline({ s }: { s: SanctionView }) {
  const rows: [string, string | null][] = [
    ['Manglende medvirken', s.failureOn],
    ['Partshøring sendt', s.hearingSentOn],
    ['Borgerens svarfrist', s.hearingAnswerDue],
    [s.decision ? `Afgørelse: ${DECISIONS[s.decision].toLowerCase()}` : 'Afgørelse', s.decidedOn],
    ['Standset fra', s.stoppedFrom],
    ['Skal medvirke igen senest (4 uger)', s.resumeBy],
    ['Medvirker igen', s.resumedOn],
    ['Sygedagpenge genoptaget fra', s.paymentResumesFrom],
  ];
  return (
    <div className="table-box" tabIndex={0}>
      <table>
        <caption>Forløb for sanktionen</caption>
        <tbody>{rows.filter(([, d]) => d).map(([l, d]) => <tr key={l}><th scope="row" style={{ textAlign: 'left' }}>{l}</th><td>{formatDate(d)}</td></tr>)}</tbody>
      </table>
    </div>
  );
}

export function CaseSanctionsPanel({ caseId, canWrite, onDone }: { caseId: number; canWrite: boolean; onDone: (msg: string) => void }) {
  const [items, setItems] = useState<SanctionView[] | null>(null);
  const [resumeStart, setResumeStart] = useState<'notice' | 'failure'>('notice');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<{ id: number; step: Step } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const r = await api<{ sanctions: SanctionView[]; resumeStart: 'notice' | 'failure' }>('GET', `/api/cases/${caseId}/sanctions`);
      setItems(r.sanctions); setResumeStart(r.resumeStart); setLoadError(null);
    } catch (e) { setLoadError((e as ApiError).message); }
  }, [caseId]);
  useEffect(() => { void load(); }, [load]);
  const done = async (msg: string) => { setAdding(false); setEditing(null); setMessage(msg); await load(); onDone(msg); };
  const next = (s: SanctionView): Step | null => s.status === 'registered' ? 'hearing' : s.status === 'hearing' ? 'decision' : s.status === 'stopped' ? 'resume' : null;
  const buttonText: Record<Step, string> = { hearing: 'Registrér partshøring', decision: 'Træf afgørelse', resume: 'Borgeren medvirker igen' };
  return (
    <section aria-labelledby={`sanctions-${caseId}`}>
      <h2 id={`sanctions-${caseId}`}>Manglende medvirken (SDL § 21)</h2>
      {message && <p role="status" className="notice">{message}</p>}
      {loadError && <p role="alert" className="error">{loadError}</p>}
      {canWrite && (adding
        ? <RegisterSanctionForm caseId={caseId} onDone={(m) => void done(m)} onCancel={() => setAdding(false)} />
        : <div className="actions"><button type="button" onClick={() => setAdding(true)}>Registrér manglende medvirken</button></div>)}
      {items && items.length === 0 && <p className="muted">Ingen sanktioner på sagen.</p>}
      {items && items.length > 0 && (
        <ul className="cards">
          {items.map((s) => {
            const step = next(s);
            return (
              <li key={s.id} className="card">
                <p><strong>{s.failureLabel}</strong> · <span className="badge">{s.statusLabel}</span></p>
                <Timeline s={s} />
                {s.note && <p>{s.note}</p>}
                {canWrite && step && (editing?.id === s.id
                  ? <SanctionStepForm s={s} step={editing.step} onDone={(m) => void done(m)} onCancel={() => setEditing(null)} />
                  : <button type="button" onClick={() => setEditing({ id: s.id, step })}>{buttonText[step]}</button>)}
              </li>
            );
          })}
        </ul>
      )}
      <p className="muted">
        Borgeren skal partshøres, før sygedagpengene standses. Medvirker borgeren igen inden 4 uger regnet fra {resumeStart === 'notice' ? 'afgørelsen om standsning' : 'den manglende medvirken'} (kommunens fortolkning, ikke verificeret), genoptages ydelsen fra dagen efter.
      </p>
    </section>
  );
}
