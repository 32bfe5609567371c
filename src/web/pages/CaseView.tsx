import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, todayOnServer, type User } from '../api.ts';
import { ErrorSummary, SelectField, TextField, formatCpr, formatDate, formatDateTime, optionsOf } from '../components.tsx';
import { CASE_KINDS, CATEGORIES, DIAGNOSIS_GROUPS, EMPLOYMENTS, EXIT_REASONS, SICK_LEAVES, TARGET_GROUPS } from '../../domain/caseFields.ts';
import { CaseFactsFields, factsFromCase, factsToApi, type FactsForm } from './caseForm.tsx';
import type { UserItem } from './CaseSearch.tsx';
import type { CaseActionBody } from '../../domain/case.ts';
import { CasePlan, type CasePlanData } from './CasePlan.tsx';
import { ReturnToWorkPlan, type ReturnPlanView } from './MeetingRecords.tsx';
import { CaseInquiries } from './Inquiries.tsx';
import { CaseLetters } from './Letters.tsx';
import { CourseOverviewPanel } from './CourseOverview.tsx';
import { CasePathwayPanel } from './Pathways.tsx';
import { CaseEmployerPanel } from './Employers.tsx';
import { CaseComplaintsPanel } from './Complaints.tsx';
import { CaseExtensionsPanel, CaseSanctionsPanel } from './LawPanels.tsx';
import { CaseBenefitHistoryPanel } from './BenefitHistory.tsx';
import { CaseEventsPanel } from './Events.tsx';
import { Meetings, Messages, Notes, Tasks, type Meeting, type Note, type Task } from './CaseWork.tsx';
import { ATTENDANCE, MEETING_FORMS } from '../../domain/workspace.ts';
import { DEADLINE_LABELS, type DeadlineKind } from '../../rules/deadlineKinds.ts';

type CaseData = Record<string, unknown> & { id: number; version: number; status: string; caseworkerId: number | null; exitDate: string | null; exitReason: keyof typeof EXIT_REASONS | null; category: unknown; expectedFullReturn: unknown; sickLeave: unknown; partialHours: unknown };
export interface CaseViewData {
  case: CaseData;
  citizen: { id: number; cpr: string | null; name: string; phone?: string | null; email?: string | null; digitalPostExempt?: boolean; smsOptIn?: boolean; pseudonymised: boolean };
  employer: { cvr: string; name: string; industryCode: string | null; industryVersion: string | null; industryName: string | null } | null;
  caseworker: { id: number; name: string } | null;
  team: { name: string };
  plan: CasePlanData;
  meetings: Meeting[];
  tasks: Task[];
  notes: Note[];
  actions: { seq: number; type: string; at: string; actorName: string | null; payload: CaseActionBody }[];
}

export const FIELD_LABELS: Record<string, string> = {
  kind: 'Sagstype', firstAbsenceDay: 'Første fraværsdag', employment: 'Sygemeldt fra', employerId: 'Arbejdsgiver',
  sickLeave: 'Sygemelding', partialHours: 'Timer i arbejde', expectedFullReturn: 'Forventet raskmelding', category: 'Kategori',
  targetGroup: 'Målgruppe', pathway: 'Borgerforløb', diagnosisGroup: 'Diagnosegruppe', fastTrack: 'Fast track', standby: 'Standby',
};
const show = (field: string, v: unknown): string => {
  if (v == null || v === '') return '–';
  if (typeof v === 'boolean') return v ? 'Ja' : 'Nej';
  const maps: Record<string, Record<string, string>> = { kind: CASE_KINDS, employment: EMPLOYMENTS, sickLeave: SICK_LEAVES, category: CATEGORIES, targetGroup: TARGET_GROUPS, diagnosisGroup: DIAGNOSIS_GROUPS };
  if (maps[field]) return maps[field][String(v)] ?? String(v);
  if (/Day$|Return$|Date$/.test(field)) return formatDate(String(v));
  return String(v);
};

function describeAction(a: CaseViewData['actions'][number], users: Map<number, string>): ReactNode {
  const p = a.payload;
  switch (p.type) {
    case 'created': return 'Sagen blev oprettet';
    case 'changed':
      return <>Rettet: {Object.entries(p.changes).map(([k, c]) => <span key={k} className="change">{FIELD_LABELS[k] ?? k}: {show(k, c?.from)} → {show(k, c?.to)}</span>)}</>;
    case 'assigned': return <>Tildelt {users.get(p.to) ?? `sagsbehandler ${p.to}`}{p.from ? <> (før: {users.get(p.from) ?? p.from})</> : null}. Begrundelse: {p.reason}</>;
    case 'closed': return <>Afsluttet {formatDate(p.exitDate)}: {EXIT_REASONS[p.exitReason]}</>;
    case 'reopened': return <>Genåbnet. Begrundelse: {p.reason}</>;
    case 'meeting-booked': return <>{p.groupSessionId ? 'Inviteret til gruppeforløb' : 'Samtale booket'} {p.startsAt ? formatDateTime(p.startsAt) : formatDate(p.plannedFor)} ({MEETING_FORMS[p.form as keyof typeof MEETING_FORMS] ?? p.form})</>;
    case 'meeting-rebooked': return <>Samtale flyttet fra {p.from ? formatDateTime(p.from) : '–'} til {formatDateTime(p.to)}. Begrundelse: {p.reason}</>;
    case 'meeting-cancelled': return <>Samtale aflyst. Begrundelse: {p.reason}</>;
    case 'minutes-written': return <>Referat skrevet: {p.agreed}</>;
    case 'return-to-work-agreed': return <>Aftale om gradvis tilbagevenden {formatDate(p.startsOn)}–{formatDate(p.endsOn)}: {p.steps.map((s) => `${s.hoursPerWeek} t/uge fra ${formatDate(s.from)}`).join(', ')}</>;
    case 'message-failed': return <>{p.channel === 'sms' ? 'SMS' : p.channel} kunne ikke sendes ({p.purpose === 'meeting-reminder' ? 'påmindelse om samtale' : p.purpose}); der er oprettet en opgave</>;
    case 'meeting-recorded':
      return <>Samtale {formatDate(p.heldOn)} ({MEETING_FORMS[p.form as keyof typeof MEETING_FORMS] ?? p.form}): {ATTENDANCE[p.attendance as keyof typeof ATTENDANCE] ?? p.attendance}
        {Object.entries(p.changes).map(([k, ch]) => <span key={k} className="change">{FIELD_LABELS[k] ?? k}: {show(k, ch?.from)} → {show(k, ch?.to)}</span>)}</>;
    case 'task-created': return <>Opgave oprettet: {p.title} (frist {formatDate(p.due)})</>;
    case 'task-completed': return <>Opgave løst: {p.title}</>;
    case 'note-added': return <>{p.health ? 'Helbredsnotat' : 'Notat'}: <span className="note-text">{p.text}</span></>;
    case 'deadline-adjusted': return <>Fristen «{DEADLINE_LABELS[p.kind as DeadlineKind] ?? p.kind}» flyttet fra {formatDate(p.from)} til {p.to ? formatDate(p.to) : 'den beregnede dato'} (lovens dato {formatDate(p.legalDate)}). Begrundelse: {p.reason}</>;
    default: return (p as { type: string }).type;
  }
}

export function CaseView({ id, user }: { id: number; user: User }) {
  const [data, setData] = useState<CaseViewData | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [users, setUsers] = useState<UserItem[]>([]);
  const [mode, setMode] = useState<'view' | 'edit' | 'assign' | 'close' | 'reopen'>('view');
  const [notice, setNotice] = useState('');
  const [plans, setPlans] = useState<ReturnPlanView[]>([]);
  const load = async () => {
    try { setData(await api<CaseViewData>('GET', `/api/cases/${id}`)); setLoadError(null); } catch (e) { setLoadError(e as ApiError); }
    api<{ plans: ReturnPlanView[] }>('GET', `/api/cases/${id}/return-to-work`).then((r) => setPlans(r.plans)).catch(() => setPlans([]));
  };
  useEffect(() => {
    void load();
    if (user.role !== 'analyst') api<UserItem[]>('GET', '/api/users').then(setUsers).catch(() => undefined);
  }, [id]);
  if (loadError) return <main><h1>Sag {id}</h1><ErrorSummary error={loadError.problem} /></main>;
  if (!data) return <main><p>Henter sagen …</p></main>;
  const c = data.case;
  const canWrite = ['caseworker', 'team_leader'].includes(user.role);
  // Moving cases is the team leader's and manager's (case:assign); caseworkers do not hand work around.
  const canAssign = user.role === 'team_leader' || user.role === 'manager';
  const done = async (msg: string) => { await load(); setMode('view'); setNotice(msg); };
  const userNames = new Map(users.map((u) => [u.id, u.name]));

  return (
    <main>
      <div className="title-row">
        <h1>{data.citizen.name} <span className="muted">sag {c.id}</span></h1>
        <span className={`badge ${c.status}`}>{c.status === 'open' ? 'Åben' : `Afsluttet ${formatDate(c.exitDate)}`}</span>
      </div>
      {notice && <p className="notice" role="status">{notice}</p>}
      {mode === 'view' && (
        <div className="actions">
          {canWrite && c.status === 'open' && <button onClick={() => setMode('edit')}>Ret oplysninger</button>}
          {canAssign && <button onClick={() => setMode('assign')}>Tildel sagsbehandler</button>}
          {canWrite && c.status === 'open' && <button onClick={() => setMode('close')}>Afslut sag</button>}
          {canWrite && c.status === 'closed' && <button onClick={() => setMode('reopen')}>Genåbn sag</button>}
        </div>
      )}
      {mode === 'edit' && <EditFacts data={data} onDone={done} onCancel={() => setMode('view')} />}
      {mode === 'assign' && <Assign data={data} users={users} onDone={done} onCancel={() => setMode('view')} />}
      {mode === 'close' && <Close data={data} onDone={done} onCancel={() => setMode('view')} />}
      {mode === 'reopen' && <Reopen data={data} onDone={done} onCancel={() => setMode('view')} />}

      <CasePlan caseId={c.id} version={c.version} plan={data.plan} caseOpen={c.status === 'open'} canWrite={canWrite} today={todayOnServer()} onChanged={done} />
      {!data.citizen.pseudonymised && <CourseOverviewPanel caseId={c.id} version={c.version} />}
      <CaseEventsPanel caseId={c.id} canWrite={canWrite} onDone={done} />
      <div className="columns">
        <div>
          <Meetings c={c} meetings={data.meetings} canWrite={canWrite} onDone={done} />
          <ReturnToWorkPlan caseId={c.id} plans={plans} version={c.version} canWrite={canWrite && c.status === 'open'} meetings={data.meetings} onDone={done} />
          {!data.citizen.pseudonymised && <CaseInquiries caseId={c.id} canWrite={canWrite && c.status === 'open'} onDone={done} />}
          {!data.citizen.pseudonymised && <CaseLetters caseId={c.id} canWrite={canWrite && c.status === 'open'} />}
          <CaseComplaintsPanel caseId={c.id} canWrite={canWrite} onDone={done} />
          <CaseExtensionsPanel caseId={c.id} version={c.version} canWrite={canWrite && c.status === 'open'} onDone={done} />
          <CaseSanctionsPanel caseId={c.id} canWrite={canWrite} onDone={done} />
          <Tasks caseId={c.id} open={c.status === 'open'} tasks={data.tasks} canWrite={canWrite} onDone={done} />
        </div>
        <div>
          <Notes caseId={c.id} notes={data.notes} canWrite={canWrite} onDone={done} />
          <CaseEmployerPanel caseId={c.id} version={c.version} canWrite={canWrite && c.status === 'open'} onDone={done} />
          <CasePathwayPanel caseId={c.id} version={c.version} canWrite={canWrite && c.status === 'open'} onDone={done} />
          <CaseBenefitHistoryPanel caseId={c.id} canWrite={canWrite && c.status === 'open'} onDone={done} />
          {!data.citizen.pseudonymised && <Messages caseId={c.id} smsOptIn={data.citizen.smsOptIn ?? false} phone={data.citizen.phone ?? null} canWrite={canWrite && c.status === 'open'} onDone={done} />}
        </div>
      </div>
      <div className="columns">
        <section aria-labelledby="facts-h">
          <h2 id="facts-h">Oplysninger</h2>
          <dl className="facts">
            {!data.citizen.pseudonymised && <><dt>CPR-nummer</dt><dd>{formatCpr(data.citizen.cpr)}</dd></>}
            {data.citizen.phone && <><dt>Mobil</dt><dd>{data.citizen.phone}</dd></>}
            {data.citizen.email && <><dt>E-mail</dt><dd>{data.citizen.email}</dd></>}
            <dt>Sagstype</dt><dd>{show('kind', c.kind)}</dd>
            <dt>Første fraværsdag</dt><dd>{show('firstAbsenceDay', c.firstAbsenceDay)}</dd>
            <dt>Sygemeldt fra</dt><dd>{show('employment', c.employment)}</dd>
            <dt>Arbejdsgiver</dt><dd>{data.employer ? `${data.employer.name} (CVR ${data.employer.cvr}${data.employer.industryCode ? `, ${data.employer.industryName ?? 'branche'} ${data.employer.industryCode} ${data.employer.industryVersion}` : ''})` : '–'}</dd>
            <dt>Sygemelding</dt><dd>{show('sickLeave', c.sickLeave)}{c.sickLeave === 'partial' ? `, ${String(c.partialHours).replace('.', ',')} timer i arbejde pr. uge` : ''}</dd>
            <dt>Forventet raskmelding</dt><dd>{show('expectedFullReturn', c.expectedFullReturn)}</dd>
            <dt>Kategori</dt><dd>{show('category', c.category)}</dd>
            <dt>Målgruppe</dt><dd>{show('targetGroup', c.targetGroup)}</dd>
            <dt>Borgerforløb</dt><dd>{c.pathway ? `Borgerforløb ${c.pathway}` : '–'}</dd>
            <dt>Diagnosegruppe</dt><dd>{c.healthHidden ? <span className="muted">Helbredsoplysning – kun for sagens team</span> : c.diagnosisGroup ? DIAGNOSIS_GROUPS[c.diagnosisGroup as keyof typeof DIAGNOSIS_GROUPS] : '–'}</dd>
            <dt>Fast track</dt><dd>{show('fastTrack', c.fastTrack)}</dd>
            <dt>Standby</dt><dd>{show('standby', c.standby)}</dd>
            <dt>Sagsbehandler</dt><dd>{data.caseworker?.name ?? 'Ikke tildelt'} ({data.team.name})</dd>
            {c.exitReason && <><dt>Afslutningsårsag</dt><dd>{EXIT_REASONS[c.exitReason]}</dd></>}
          </dl>
        </section>
        <section aria-labelledby="timeline-h">
          <h2 id="timeline-h">Historik</h2>
          <ol className="timeline" reversed>
            {[...data.actions].reverse().map((a) => (
              <li key={a.seq}>
                <time dateTime={a.at}>{formatDateTime(a.at)}</time> <span className="muted">{a.actorName ?? 'System'}</span>
                <div>{describeAction(a, userNames)}</div>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </main>
  );
}

type Props = { data: CaseViewData; onDone: (msg: string) => void; onCancel: () => void };

function ActionForm({ title, onSubmit, onCancel, error, children, submitLabel }: { title: string; onSubmit: () => Promise<void>; onCancel: () => void; error: ApiError | null; children: ReactNode; submitLabel: string }) {
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => { e.preventDefault(); setBusy(true); try { await onSubmit(); } finally { setBusy(false); } };
  return (
    <form className="panel" onSubmit={submit} noValidate aria-label={title}>
      <h2>{title}</h2>
      <ErrorSummary error={error?.problem ?? null} />
      {children}
      <div className="actions">
        <button type="submit" disabled={busy}>{submitLabel}</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

function useSubmit(onDone: (m: string) => void) {
  const [error, setError] = useState<ApiError | null>(null);
  const run = (fn: () => Promise<unknown>, msg: string) => async () => {
    try { await fn(); setError(null); onDone(msg); } catch (e) { setError(e as ApiError); }
  };
  return { error, run };
}

function EditFacts({ data, onDone, onCancel }: Props) {
  const initial = factsFromCase(data.case);
  const [facts, setFacts] = useState<FactsForm>(initial);
  const [employerCvr, setEmployerCvr] = useState(data.employer?.cvr ?? '');
  const { error, run } = useSubmit(onDone);
  const submit = run(async () => {
    const before = factsToApi(initial) as Record<string, unknown>;
    const after = factsToApi(facts) as Record<string, unknown>;
    const changes: Record<string, unknown> = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v));
    if (employerCvr !== (data.employer?.cvr ?? '')) changes.employerCvr = employerCvr || null;
    await api('PATCH', `/api/cases/${data.case.id}`, { version: data.case.version, changes });
  }, 'Oplysningerne er gemt.');
  return (
    <ActionForm title="Ret oplysninger" onSubmit={submit} onCancel={onCancel} error={error} submitLabel="Gem">
      <CaseFactsFields value={facts} onChange={setFacts} errors={error?.fields ?? {}} prefix="changes." />
      <TextField label="Arbejdsgiverens CVR-nummer" name="employerCvr" value={employerCvr} onChange={(e) => setEmployerCvr(e.target.value)} error={error?.fields['changes.employerCvr']} />
    </ActionForm>
  );
}

function Assign({ data, users, onDone, onCancel }: Props & { users: UserItem[] }) {
  const [caseworkerId, setCaseworkerId] = useState('');
  const [reason, setReason] = useState('');
  const { error, run } = useSubmit(onDone);
  const options: [string, string][] = [['', 'Vælg'], ...users.filter((u) => (u.role === 'caseworker' || u.role === 'team_leader') && u.id !== data.case.caseworkerId).map((u) => [String(u.id), `${u.name}, ${u.teamName ?? ''} (${u.openCases} sager)`] as [string, string])];
  return (
    <ActionForm title="Tildel sagsbehandler" submitLabel="Tildel" onCancel={onCancel} error={error}
      onSubmit={run(() => api('POST', `/api/cases/${data.case.id}/assign`, { version: data.case.version, caseworkerId: caseworkerId ? Number(caseworkerId) : undefined, reason }), 'Sagen er tildelt.')}>
      <SelectField label="Ny sagsbehandler" name="caseworkerId" value={caseworkerId} onChange={(e) => setCaseworkerId(e.target.value)} options={options} error={error?.fields.caseworkerId} />
      <TextField label="Begrundelse" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={error?.fields.reason} />
    </ActionForm>
  );
}

function Close({ data, onDone, onCancel }: Props) {
  const [exitDate, setExitDate] = useState('');
  const [exitReason, setExitReason] = useState('');
  const { error, run } = useSubmit(onDone);
  return (
    <ActionForm title="Afslut sag" submitLabel="Afslut sagen" onCancel={onCancel} error={error}
      onSubmit={run(() => api('POST', `/api/cases/${data.case.id}/close`, { version: data.case.version, exitDate, exitReason: exitReason || undefined }), 'Sagen er afsluttet.')}>
      <TextField label="Afslutningsdato" name="exitDate" type="date" value={exitDate} onChange={(e) => setExitDate(e.target.value)} error={error?.fields.exitDate} />
      <SelectField label="Afslutningsårsag" name="exitReason" value={exitReason} onChange={(e) => setExitReason(e.target.value)} options={optionsOf(EXIT_REASONS, 'Vælg')} error={error?.fields.exitReason} />
    </ActionForm>
  );
}

function Reopen({ data, onDone, onCancel }: Props) {
  const [reason, setReason] = useState('');
  const { error, run } = useSubmit(onDone);
  return (
    <ActionForm title="Genåbn sag" submitLabel="Genåbn" onCancel={onCancel} error={error}
      onSubmit={run(() => api('POST', `/api/cases/${data.case.id}/reopen`, { version: data.case.version, reason }), 'Sagen er genåbnet.')}>
      <TextField label="Begrundelse" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={error?.fields.reason} />
    </ActionForm>
  );
}
