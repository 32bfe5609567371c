/** Minutes of held meetings and graduated return-to-work agreements on the case page. */
import { useState, type FormEvent } from 'react';
import { api, ApiError, todayOnServer } from '../api.ts';
import { ErrorSummary, SelectField, TextAreaField, TextField, formatDate, optionsOf } from '../components.tsx';
import { MEETING_FORMS } from '../../domain/workspace.ts';
import { EMPLOYER_FORMS, MAX_HOURS, MINUTES_TEMPLATES, hoursOn, planPeriods, type ReturnStep } from '../../domain/minutes.ts';

type Form = keyof typeof MEETING_FORMS;
/** The meeting as the case page has it (GET /api/cases/:id → meetings[]). */
export interface MinutesMeeting { id: number; status: string; form: Form; heldOn: string | null; minutes: Record<string, unknown> | null }
interface Minutes { agreed: string; nextSteps: string; nextMeeting: string | null; healthNotes: string | null; writtenAt: string }
/** GET /api/cases/:id/return-to-work → plans[]. */
export interface ReturnPlanView { id: number; meetingId: number | null; startsOn: string; endsOn: string; steps: ReturnStep[]; createdBy: string | null; createdAt: string; hoursToday: number | null; periods: { from: string; to: string; hoursPerWeek: number }[] }

const hoursText = (h: number) => `${String(h).replace('.', ',')} t/uge`;
const parseHours = (s: string) => (s.trim() ? Number(s.replace(',', '.')) : NaN);

function useSubmit(onDone: (msg: string) => Promise<void> | void) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>, msg: string) => {
    setBusy(true);
    try { await fn(); setError(null); await onDone(msg); } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  return { error, busy, run };
}

/** The template for the meeting's form: headings and prompts; health notes apart, as they never go to the employer. */
export function MinutesEditor({ meeting, caseId, version, onDone, onCancel }: { meeting: MinutesMeeting; caseId: number; version: number; onDone: (msg: string) => Promise<void> | void; onCancel?: () => void }) {
  const t = MINUTES_TEMPLATES[meeting.form];
  const old = (meeting.minutes && !('hidden' in meeting.minutes) ? meeting.minutes : null) as Minutes | null;
  const [agreed, setAgreed] = useState(old?.agreed ?? '');
  const [nextSteps, setNextSteps] = useState(old?.nextSteps ?? '');
  const [nextMeeting, setNextMeeting] = useState(old?.nextMeeting ?? '');
  const [healthNotes, setHealthNotes] = useState(old?.healthNotes ?? '');
  const { error, busy, run } = useSubmit(onDone);
  const f = error?.fields ?? {};
  const submit = () => run(() => api('POST', `/api/cases/${caseId}/meetings/${meeting.id}/minutes`, {
    version, agreed, nextSteps, nextMeeting: nextMeeting || null, healthNotes: healthNotes || null,
  }), 'Referatet er gemt.');
  return (
    <form className="panel" aria-label={t.title} noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <h3>{t.title}</h3>
      <p className="muted">{t.intro} {meeting.heldOn && `Holdt ${formatDate(meeting.heldOn)}.`}</p>
      <ErrorSummary error={error?.problem ?? null} />
      <TextAreaField rows={4} name="agreed" label={t.agreed.heading} hint={t.agreed.prompt} value={agreed} onChange={setAgreed} error={f.agreed} />
      <TextAreaField rows={4} name="nextSteps" label={t.nextSteps.heading} hint={t.nextSteps.prompt} value={nextSteps} onChange={setNextSteps} error={f.nextSteps} />
      <TextField name="nextMeeting" label={t.nextMeeting.heading} hint={t.nextMeeting.prompt} value={nextMeeting} onChange={(e) => setNextMeeting(e.target.value)} error={f.nextMeeting} />
      <TextAreaField name="healthNotes" label={t.healthNotes.heading} hint={t.healthNotes.prompt} value={healthNotes} onChange={setHealthNotes} error={f.healthNotes} rows={3} />
      {f.meetingId && <p className="error" role="alert">{f.meetingId}</p>}
      <div className="actions">
        <button type="submit" disabled={busy}>Gem referat</button>
        {onCancel && <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>}
      </div>
    </form>
  );
}

/** Written minutes with print links (the employer's version, without health notes, for workplace and round-table meetings). */
export function MinutesView({ meeting, caseId }: { meeting: MinutesMeeting; caseId: number }) {
  if (!meeting.minutes) return null;
  if ('hidden' in meeting.minutes) return <p className="muted">Referatet kan kun ses af sagens eget team.</p>;
  const m = meeting.minutes as unknown as Minutes;
  const t = MINUTES_TEMPLATES[meeting.form];
  const pdf = (who: 'citizen' | 'employer') => `/api/cases/${caseId}/meetings/${meeting.id}/minutes.pdf?for=${who}`;
  return (
    <div className="minutes">
      <h4>{t.title}</h4>
      <dl>
        <dt>{t.agreed.heading}</dt><dd className="note-text">{m.agreed}</dd>
        <dt>{t.nextSteps.heading}</dt><dd className="note-text">{m.nextSteps}</dd>
        <dt>{t.nextMeeting.heading}</dt><dd>{m.nextMeeting || 'Ikke aftalt endnu'}</dd>
        {m.healthNotes && <><dt>{t.healthNotes.heading} <span className="muted">(ikke til arbejdsgiveren)</span></dt><dd className="note-text">{m.healthNotes}</dd></>}
      </dl>
      <p className="actions">
        <a href={pdf('citizen')} target="_blank" rel="noopener">Udskriv til borgeren (PDF)</a>
        {EMPLOYER_FORMS.includes(meeting.form) && <a href={pdf('employer')} target="_blank" rel="noopener">Udskriv til arbejdsgiveren, uden helbredsoplysninger (PDF)</a>}
      </p>
    </div>
  );
}

/** A step chart of hours per week over the plan's days; the table beside it holds the same figures. */
function StepChart({ plan, today }: { plan: ReturnPlanView; today: string }) {
  const W = 320, H = 140, L = 34, B = 22, T = 8, R = 8;
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const x0 = day(plan.startsOn), x1 = day(plan.endsOn) + 1;
  const span = Math.max(1, x1 - x0);
  const max = MAX_HOURS;
  const x = (d: number) => L + ((d - x0) / span) * (W - L - R);
  const y = (h: number) => T + (1 - h / max) * (H - T - B);
  const periods = plan.periods;
  const path = periods.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(day(p.from)).toFixed(1)},${y(p.hoursPerWeek).toFixed(1)} H${x(day(p.to) + 1).toFixed(1)}`).join(' ')
    + ` L${x(x1).toFixed(1)},${y(max).toFixed(1)}`;
  const t = day(today);
  const summary = `Timer om ugen fra ${formatDate(plan.startsOn)} til ${formatDate(plan.endsOn)}: `
    + periods.map((p) => `${hoursText(p.hoursPerWeek)} fra ${formatDate(p.from)}`).join(', ') + `; derefter fuld tid (${MAX_HOURS} timer).`;
  return (
    <svg className="step-chart" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={`rtw-t-${plan.id}`} style={{ maxWidth: 480 }}>
      <title id={`rtw-t-${plan.id}`}>{summary}</title>
      {[0, 10, 20, 30, max].map((h) => (
        <g key={h} aria-hidden="true">
          <line x1={L} x2={W - R} y1={y(h)} y2={y(h)} stroke="#d0d5db" strokeWidth={0.5} />
          <text x={L - 4} y={y(h) + 3} fontSize={9} textAnchor="end" fill="#555">{h}</text>
        </g>
      ))}
      <path d={path} fill="none" stroke="#1a5fb4" strokeWidth={2} aria-hidden="true" />
      {t >= x0 && t <= x1 && <line x1={x(t)} x2={x(t)} y1={T} y2={H - B} stroke="#c01c28" strokeDasharray="3 2" aria-hidden="true" />}
      <text x={L} y={H - 6} fontSize={9} fill="#555" aria-hidden="true">{formatDate(plan.startsOn)}</text>
      <text x={W - R} y={H - 6} fontSize={9} fill="#555" textAnchor="end" aria-hidden="true">{formatDate(plan.endsOn)}</text>
    </svg>
  );
}

/** The case's agreements (chart + table) and, for the caseworker, a form to record a new one. */
export function ReturnToWorkPlan({ caseId, plans, version, canWrite, onDone, meetings = [] }: {
  caseId: number; plans: ReturnPlanView[]; version: number; canWrite: boolean; onDone: (msg: string) => Promise<void> | void;
  /** Held workplace and round-table meetings the agreement can be tied to. */
  meetings?: MinutesMeeting[];
}) {
  const [adding, setAdding] = useState(false);
  const today = todayOnServer();
  return (
    <section aria-labelledby="rtw-h">
      <h2 id="rtw-h">Gradvis tilbagevenden</h2>
      {canWrite && !adding && <div className="actions"><button onClick={() => setAdding(true)}>Registrér aftale</button></div>}
      {adding && <ReturnToWorkForm caseId={caseId} version={version} meetings={meetings} onCancel={() => setAdding(false)} onDone={async (m) => { setAdding(false); await onDone(m); }} />}
      {plans.length === 0 ? <p className="muted">Ingen aftaler om gradvis tilbagevenden.</p> : plans.map((p) => (
        <article key={p.id} className="card" aria-label={`Aftale fra ${formatDate(p.startsOn)}`}>
          <p><strong>{formatDate(p.startsOn)} – {formatDate(p.endsOn)}</strong>{p.hoursToday != null && <> · i dag {hoursText(p.hoursToday)}</>}
            {p.createdBy && <span className="muted"> · registreret af {p.createdBy}</span>}</p>
          <StepChart plan={p} today={today} />
          <div className="table-box" tabIndex={0} role="region" aria-label="Timer om ugen pr. periode">
            <table>
              <caption className="visually-hidden">Timer om ugen pr. periode</caption>
              <thead><tr><th scope="col">Fra</th><th scope="col">Til</th><th scope="col">Timer om ugen</th></tr></thead>
              <tbody>
                {p.periods.map((r) => <tr key={r.from} aria-current={hoursOn(p, today) != null && r.from <= today && today <= r.to ? 'true' : undefined}><td>{formatDate(r.from)}</td><td>{formatDate(r.to)}</td><td>{hoursText(r.hoursPerWeek)}</td></tr>)}
                <tr><td>{formatDate(nextDay(p.endsOn))}</td><td>–</td><td>Fuld tid</td></tr>
              </tbody>
            </table>
          </div>
        </article>
      ))}
    </section>
  );
}
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function ReturnToWorkForm({ caseId, version, meetings, onCancel, onDone }: { caseId: number; version: number; meetings: MinutesMeeting[]; onCancel: () => void; onDone: (msg: string) => Promise<void> | void }) {
  const today = todayOnServer();
  const [startsOn, setStartsOn] = useState(today);
  const [endsOn, setEndsOn] = useState('');
  const [meetingId, setMeetingId] = useState('');
  const [steps, setSteps] = useState<{ from: string; hours: string }[]>([{ from: today, hours: '10' }]);
  const { error, busy, run } = useSubmit(onDone);
  const f = error?.fields ?? {};
  const eligible = meetings.filter((m) => m.status === 'held' && EMPLOYER_FORMS.includes(m.form));
  const set = (i: number, patch: Partial<{ from: string; hours: string }>) => setSteps(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const preview = planPeriods({ startsOn, endsOn: endsOn || startsOn, steps: steps.map((s) => ({ from: s.from, hoursPerWeek: parseHours(s.hours) })) });
  const submit = () => run(() => api('POST', `/api/cases/${caseId}/return-to-work`, {
    version, startsOn, endsOn, meetingId: meetingId ? Number(meetingId) : null,
    // Step 1 always begins on the start date.
    steps: steps.map((s, i) => ({ from: i === 0 ? startsOn : s.from, hoursPerWeek: parseHours(s.hours) })),
  }), 'Aftalen er registreret; dagens timer er ført ind på sagen, og fristerne er genberegnet.');
  return (
    <form className="panel" aria-label="Aftale om gradvis tilbagevenden" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
      <h3>Aftale om gradvis tilbagevenden</h3>
      <ErrorSummary error={error?.problem ?? null} />
      <div className="grid">
        <TextField label="Første dag" name="startsOn" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} error={f.startsOn} />
        <TextField label="Sidste dag på nedsat tid" hint="Fuld tid fra dagen efter" name="endsOn" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} error={f.endsOn} />
        {eligible.length > 0 && <SelectField label="Aftalt ved samtalen" name="meetingId" value={meetingId} onChange={(e) => setMeetingId(e.target.value)}
          options={optionsOf(Object.fromEntries(eligible.map((m) => [m.id, `${formatDate(m.heldOn)} · ${MEETING_FORMS[m.form]}`])), 'Ikke knyttet til en samtale')} error={f.meetingId} />}
      </div>
      <fieldset>
        <legend>Trin (timer om ugen stiger for hvert trin, højst {MAX_HOURS})</legend>
        {steps.map((s, i) => (
          <div className="grid" key={i}>
            <TextField label={`Trin ${i + 1}: fra`} name={`steps.${i}.from`} type="date" value={i === 0 ? startsOn : s.from} disabled={i === 0} onChange={(e) => set(i, { from: e.target.value })} error={f[`steps.${i}.from`]} />
            <TextField label={`Trin ${i + 1}: timer om ugen`} name={`steps.${i}.hoursPerWeek`} inputMode="decimal" value={s.hours} onChange={(e) => set(i, { hours: e.target.value })} error={f[`steps.${i}.hoursPerWeek`]} />
          </div>
        ))}
        {f.steps && <p className="error" role="alert">{f.steps}</p>}
        <div className="actions">
          <button type="button" className="secondary small" onClick={() => setSteps([...steps, { from: '', hours: '' }])} disabled={steps.length >= 20}>Tilføj trin</button>
          {steps.length > 1 && <button type="button" className="secondary small" onClick={() => setSteps(steps.slice(0, -1))}>Fjern sidste trin</button>}
        </div>
      </fieldset>
      {endsOn && preview.every((p) => Number.isFinite(p.hoursPerWeek)) && (
        <p className="muted" aria-live="polite">I dag: {(() => { const h = hoursOn({ startsOn, endsOn, steps: steps.map((s, i) => ({ from: i === 0 ? startsOn : s.from, hoursPerWeek: parseHours(s.hours) })) }, today); return h == null ? 'aftalen gælder ikke endnu (sagens fakta ændres ikke)' : `${hoursText(h)} (føres ind som delvis sygemelding)`; })()}</p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>Gem aftalen</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}
