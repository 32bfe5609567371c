/** Meetings, tasks and notes on the case page. */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, todayOnServer } from '../api.ts';
import { CheckField, ErrorSummary, SelectField, TextField, formatDate, formatDateTime, optionsOf } from '../components.tsx';
import { ATTENDANCE, MEETING_FORMS, PARTICIPANT_KINDS } from '../../domain/workspace.ts';
import { CATEGORIES } from '../../domain/caseFields.ts';
import { MinutesEditor, MinutesView } from './MeetingRecords.tsx';

export interface Meeting {
  id: number; status: string; plannedFor: string | null; startsAt: string | null; endsAt: string | null; heldOn: string | null; form: keyof typeof MEETING_FORMS;
  attendance: keyof typeof ATTENDANCE | null; notes: string | null; recordedBy: string | null; room: string | null; videoLink: string | null;
  groupSessionId: number | null; cancelReason: string | null; minutes: Record<string, unknown> | null;
  participants: { id: number; kind: keyof typeof PARTICIPANT_KINDS; name: string; role: string | null; phone: string | null; email: string | null }[];
}
export interface Message { id: number; channel: string; purpose: string; status: string; sendAfter: string; sentAt: string | null; deliveredAt: string | null; lastError?: string | null; cancelledReason?: string | null; body?: string; attempts: number }
export interface Task { id: number; title: string; due: string; doneAt: string | null; createdBy: string | null }
export interface Note { id: number; text: string; health: boolean; author: string | null; at: string }
interface CaseBits { id: number; version: number; status: string; category: unknown; expectedFullReturn: unknown; sickLeave: unknown; partialHours: unknown }

const STATUS: Record<string, string> = { planned: 'Booket', held: 'Holdt', no_show: 'Udeblev', cancelled: 'Aflyst' };

function useAction(onDone: (msg: string) => Promise<void> | void) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>, msg: string) => {
    setBusy(true);
    try { await fn(); setError(null); await onDone(msg); return true; } catch (e) { setError(e as ApiError); return false; } finally { setBusy(false); }
  };
  return { error, busy, run };
}

export function Meetings({ c, meetings, canWrite, onDone }: { c: CaseBits; meetings: Meeting[]; canWrite: boolean; onDone: (m: string) => Promise<void> }) {
  const [mode, setMode] = useState<'none' | 'record' | 'book' | 'rebook' | 'cancel'>('none');
  const [recordFrom, setRecordFrom] = useState<Meeting | null>(null);
  const [minutesFor, setMinutesFor] = useState<number | null>(null);
  const open = c.status === 'open';
  const held = meetings.some((m) => m.status === 'held');
  return (
    <section aria-labelledby="meet-h">
      <h2 id="meet-h">Opfølgningssamtaler</h2>
      {canWrite && open && mode === 'none' && (
        <div className="actions">
          <button onClick={() => { setRecordFrom(null); setMode('record'); }}>Registrér samtale</button>
          <button className="secondary" onClick={() => setMode('book')}>Book samtale</button>
        </div>
      )}
      {mode === 'record' && <RecordMeeting c={c} from={recordFrom} first={!held} onCancel={() => setMode('none')} onDone={async (m) => { setMode('none'); await onDone(m); }} />}
      {mode === 'book' && <BookMeeting c={c} first={!held} onCancel={() => setMode('none')} onDone={async (m) => { setMode('none'); await onDone(m); }} />}
      {(mode === 'rebook' || mode === 'cancel') && recordFrom && <ChangeMeeting c={c} m={recordFrom} mode={mode} onCancel={() => setMode('none')} onDone={async (m) => { setMode('none'); await onDone(m); }} />}
      {meetings.length === 0 ? <p className="muted">Ingen samtaler endnu.</p> : (
        <ul className="cards">
          {meetings.map((m) => (
            <li key={m.id}>
              <strong>{m.startsAt && !m.heldOn ? TIME_FMT.format(new Date(m.startsAt)) : formatDate(m.heldOn ?? m.plannedFor)}</strong> {MEETING_FORMS[m.form]} · {STATUS[m.status]}{m.attendance && m.attendance !== 'attended' ? ` (${ATTENDANCE[m.attendance].toLowerCase()})` : ''}
              {m.room && <span className="muted"> · {m.room}</span>}
              {m.status === 'planned' && m.startsAt && canWrite && (
                <div className="muted">Kalenderinvitation: <a href={`/api/cases/${c.id}/meetings/${m.id}/invitation.ics?for=caseworker`}>til dig</a> · <a href={`/api/cases/${c.id}/meetings/${m.id}/invitation.ics?for=citizen`}>til borgeren</a></div>
              )}
              {m.cancelReason && <div className="muted">Aflyst: {m.cancelReason}</div>}
              {m.participants.length > 0 && <div className="muted">Deltagere: {m.participants.map((p) => `${p.name}${p.role ? ` (${p.role})` : ''}, ${PARTICIPANT_KINDS[p.kind] ?? p.kind}`).join('; ')}</div>}
              {m.notes && <div className="note-text">{m.notes}</div>}
              {m.status === 'held' && (minutesFor === m.id
                ? <MinutesEditor meeting={m} caseId={c.id} version={c.version} onCancel={() => setMinutesFor(null)} onDone={async (msg) => { setMinutesFor(null); await onDone(msg); }} />
                : <>
                    <MinutesView meeting={m} caseId={c.id} />
                    {canWrite && <button className="secondary small" onClick={() => setMinutesFor(m.id)}>{m.minutes ? 'Ret referat' : 'Skriv referat'}</button>}
                  </>)}
              {canWrite && open && m.status === 'planned' && mode === 'none' && (
                <div className="actions">
                  <button className="secondary small" onClick={() => { setRecordFrom(m); setMode('record'); }}>Registrér udfaldet</button>
                  {!m.groupSessionId && <button className="secondary small" onClick={() => { setRecordFrom(m); setMode('rebook'); }}>Flyt</button>}
                  <button className="secondary small" onClick={() => { setRecordFrom(m); setMode('cancel'); }}>Aflys</button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Panel({ title, onSubmit, error, busy, submit, onCancel, children }: { title: string; onSubmit: () => void; error: ApiError | null; busy: boolean; submit: string; onCancel?: () => void; children: ReactNode }) {
  return (
    <form className="panel" aria-label={title} noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); onSubmit(); }}>
      <h3>{title}</h3>
      <ErrorSummary error={error?.problem ?? null} />
      {children}
      <div className="actions">
        <button type="submit" disabled={busy}>{submit}</button>
        {onCancel && <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>}
      </div>
    </form>
  );
}

function RecordMeeting({ c, from, first, onCancel, onDone }: { c: CaseBits; from: Meeting | null; first: boolean; onCancel: () => void; onDone: (m: string) => Promise<void> }) {
  const [heldOn, setHeldOn] = useState(from?.plannedFor && from.plannedFor <= todayOnServer() ? from.plannedFor : todayOnServer());
  const [form, setForm] = useState<string>(from?.form ?? (first ? 'in-person' : 'phone'));
  const [attendance, setAttendance] = useState('attended');
  const [notes, setNotes] = useState('');
  const [category, setCategory] = useState(c.category == null ? '' : String(c.category));
  const [expected, setExpected] = useState(c.expectedFullReturn ? String(c.expectedFullReturn) : '');
  const [partial, setPartial] = useState(c.sickLeave === 'partial');
  const [hours, setHours] = useState(c.partialHours == null ? '' : String(c.partialHours));
  const { error, busy, run } = useAction(onDone);
  const f = error?.fields ?? {};
  const attended = attendance === 'attended';
  const submit = () => run(() => api('POST', `/api/cases/${c.id}/meetings/record`, {
    version: c.version, meetingId: from?.id, heldOn, form, attendance, notes: notes || null,
    ...(attended ? {
      category: category ? Number(category) : null,
      expectedFullReturn: expected || null,
      sickLeave: partial ? 'partial' : 'full',
      partialHours: partial ? (hours.trim() ? Number(hours.replace(',', '.')) : null) : null,
    } : {}),
  }), attended ? 'Samtalen er registreret, og fristerne er genberegnet.' : 'Udeblivelsen er registreret.');
  return (
    <Panel title={from ? 'Registrér den bookede samtale' : 'Registrér samtale'} onSubmit={submit} error={error} busy={busy} submit="Gem samtalen" onCancel={onCancel}>
      {first && form !== 'in-person' && <p className="issue warning">Den første samtale skal som udgangspunkt være personlig (SDL § 13 b, stk. 1). Notér undtagelsen.</p>}
      <div className="grid">
        <TextField label="Dato" name="heldOn" type="date" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} error={f.heldOn} />
        <SelectField label="Samtaleform" name="form" value={form} onChange={(e) => setForm(e.target.value)} options={optionsOf(MEETING_FORMS)} error={f.form} />
        <SelectField label="Fremmøde" name="attendance" value={attendance} onChange={(e) => setAttendance(e.target.value)} options={optionsOf(ATTENDANCE)} error={f.attendance} />
        {attended && (
          <>
            <SelectField label="Visitation" name="category" value={category} onChange={(e) => setCategory(e.target.value)} options={optionsOf(CATEGORIES, 'Ikke visiteret')} error={f.category} />
            <TextField label="Forventet fuld raskmelding" name="expectedFullReturn" type="date" value={expected} onChange={(e) => setExpected(e.target.value)} error={f.expectedFullReturn} />
            <CheckField label="Delvis raskmeldt (arbejder nogle timer)" checked={partial} onChange={(e) => setPartial(e.target.checked)} />
            {partial && <TextField label="Timer i arbejde pr. uge" name="meetingPartialHours" inputMode="decimal" value={hours} onChange={(e) => setHours(e.target.value)} error={f.partialHours} />}
          </>
        )}
      </div>
      <label className="field"><span>Notat fra samtalen</span><textarea name="notes" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} /></label>
      {f.notes && <span className="error">{f.notes}</span>}
    </Panel>
  );
}

interface Slot { start: string; end: string }
interface SlotProposal { deadline: { kind: string; due: string; label?: string } | null; slots: (Slot & { late?: boolean })[]; note?: string | null; form?: { why: string; warning: string | null } }
interface Room { id: number; name: string; capacity: number }
interface ParticipantForm { kind: string; name: string; role: string; phone: string; email: string }
const TIME_FMT = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const DATE_PART = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });
const TIME_PART = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function BookMeeting({ c, first, onCancel, onDone }: { c: CaseBits; first: boolean; onCancel: () => void; onDone: (m: string) => Promise<void> }) {
  const [plannedFor, setPlannedFor] = useState('');
  const [time, setTime] = useState('10:00');
  const [duration, setDuration] = useState('60');
  const [form, setForm] = useState(first ? 'in-person' : 'phone');
  const [roomId, setRoomId] = useState('');
  const [videoLink, setVideoLink] = useState('');
  const [rooms, setRooms] = useState<Room[]>([]);
  const [proposal, setProposal] = useState<SlotProposal | null>(null);
  const [people, setPeople] = useState<ParticipantForm[]>([]);
  const { error, busy, run } = useAction(onDone);
  useEffect(() => { api<Room[]>('GET', '/api/calendar/rooms').then(setRooms).catch(() => undefined); }, []);
  useEffect(() => {
    api<SlotProposal>('GET', `/api/cases/${c.id}/meetings/slots?count=3&durationMinutes=${Number(duration) || 60}${roomId ? `&roomId=${roomId}` : ''}`).then(setProposal).catch(() => setProposal(null));
  }, [c.id, duration, roomId]);
  const pick = (s: Slot) => { setPlannedFor(DATE_PART.format(new Date(s.start))); setTime(TIME_PART.format(new Date(s.start))); };
  const withPeople = form === 'workplace' || form === 'round-table';
  const f = error?.fields ?? {};
  const submit = () => run(() => api('POST', `/api/cases/${c.id}/meetings`, {
    version: c.version, plannedFor, time, durationMinutes: Number(duration) || undefined, form,
    roomId: roomId ? Number(roomId) : null, videoLink: form === 'video' ? videoLink : null,
    participants: withPeople ? people.map((p) => ({ kind: p.kind, name: p.name, role: p.role || null, phone: p.phone || null, email: p.email || null })) : undefined,
  }), 'Samtalen er booket.');
  return (
    <Panel title="Book samtale" onSubmit={submit} error={error} busy={busy} submit="Book" onCancel={onCancel}>
      {first && form !== 'in-person' && <p className="issue warning">Den første samtale skal som udgangspunkt være personlig (SDL § 13 b, stk. 1).</p>}
      {proposal && proposal.slots.length > 0 && (
        <div className="slots" role="group" aria-label="Ledige tider">
          <p className="hint">{proposal.deadline ? `Ledige tider før fristen ${formatDate(proposal.deadline.due)}` : 'Første ledige tider'}{proposal.note ? ` – ${proposal.note}` : ''}:</p>
          {proposal.slots.map((s) => <button type="button" key={s.start} className="secondary small" onClick={() => pick(s)}>{TIME_FMT.format(new Date(s.start))}{s.late ? ' (efter fristen)' : ''}</button>)}
          {proposal.form?.why && <p className="hint">{proposal.form.why}</p>}
        </div>
      )}
      <div className="grid">
        <TextField label="Dato" name="plannedFor" type="date" value={plannedFor} onChange={(e) => setPlannedFor(e.target.value)} error={f.plannedFor} />
        <TextField label="Klokkeslæt" name="time" type="time" value={time} onChange={(e) => setTime(e.target.value)} error={f.time} />
        <SelectField label="Varighed" name="durationMinutes" value={duration} onChange={(e) => setDuration(e.target.value)} options={[['30', '30 minutter'], ['45', '45 minutter'], ['60', '1 time'], ['90', '1½ time'], ['120', '2 timer']]} error={f.durationMinutes} />
        <SelectField label="Samtaleform" name="bookForm" value={form} onChange={(e) => setForm(e.target.value)} options={optionsOf(MEETING_FORMS)} error={f.form} />
        {form === 'video'
          ? <TextField label="Videolink" name="videoLink" value={videoLink} onChange={(e) => setVideoLink(e.target.value)} error={f.videoLink} />
          : <SelectField label="Lokale" name="roomId" value={roomId} onChange={(e) => setRoomId(e.target.value)} options={[['', 'Intet lokale'], ...rooms.map((r) => [String(r.id), r.name] as [string, string])]} error={f.roomId} />}
      </div>
      {withPeople && (
        <fieldset>
          <legend>Deltagere ud over borgeren</legend>
          {people.map((p, i) => (
            <div className="grid" key={i}>
              <SelectField label="Hvem" name={`p${i}kind`} value={p.kind} onChange={(e) => setPeople(people.map((x, k) => (k === i ? { ...x, kind: e.target.value } : x)))} options={optionsOf(PARTICIPANT_KINDS)} error={f[`participants.${i}.kind`]} />
              <TextField label="Navn" name={`p${i}name`} value={p.name} onChange={(e) => setPeople(people.map((x, k) => (k === i ? { ...x, name: e.target.value } : x)))} error={f[`participants.${i}.name`]} />
              <TextField label="Rolle" name={`p${i}role`} value={p.role} onChange={(e) => setPeople(people.map((x, k) => (k === i ? { ...x, role: e.target.value } : x)))} error={f[`participants.${i}.role`]} />
              <TextField label="Telefon" name={`p${i}phone`} value={p.phone} onChange={(e) => setPeople(people.map((x, k) => (k === i ? { ...x, phone: e.target.value } : x)))} error={f[`participants.${i}.phone`]} />
              <TextField label="E-mail" name={`p${i}email`} value={p.email} onChange={(e) => setPeople(people.map((x, k) => (k === i ? { ...x, email: e.target.value } : x)))} error={f[`participants.${i}.email`]} />
            </div>
          ))}
          <button type="button" className="secondary small" onClick={() => setPeople([...people, { kind: 'employer', name: '', role: '', phone: '', email: '' }])}>Tilføj deltager</button>
        </fieldset>
      )}
    </Panel>
  );
}

/** Move or cancel a booked meeting, with a reason (both are case actions; the SMS reminder follows). */
function ChangeMeeting({ c, m, mode, onCancel, onDone }: { c: CaseBits; m: Meeting; mode: 'rebook' | 'cancel'; onCancel: () => void; onDone: (msg: string) => Promise<void> }) {
  const [plannedFor, setPlannedFor] = useState(m.plannedFor ?? '');
  const [time, setTime] = useState(m.startsAt ? TIME_PART.format(new Date(m.startsAt)) : '10:00');
  const [reason, setReason] = useState('');
  const { error, busy, run } = useAction(onDone);
  const f = error?.fields ?? {};
  const submit = () => mode === 'rebook'
    ? run(() => api('POST', `/api/cases/${c.id}/meetings/${m.id}/rebook`, { version: c.version, plannedFor, time, reason }), 'Samtalen er flyttet. Borgeren får en ny påmindelse.')
    : run(() => api('POST', `/api/cases/${c.id}/meetings/${m.id}/cancel`, { version: c.version, reason }), 'Samtalen er aflyst.');
  return (
    <Panel title={mode === 'rebook' ? 'Flyt samtalen' : 'Aflys samtalen'} onSubmit={submit} error={error} busy={busy} submit={mode === 'rebook' ? 'Flyt' : 'Aflys samtalen'} onCancel={onCancel}>
      <div className="grid">
        {mode === 'rebook' && <TextField label="Ny dato" name="rebookDate" type="date" value={plannedFor} onChange={(e) => setPlannedFor(e.target.value)} error={f.plannedFor} />}
        {mode === 'rebook' && <TextField label="Nyt klokkeslæt" name="rebookTime" type="time" value={time} onChange={(e) => setTime(e.target.value)} error={f.time} />}
        <TextField label="Begrundelse" name="changeReason" value={reason} onChange={(e) => setReason(e.target.value)} error={f.reason} />
      </div>
    </Panel>
  );
}

export function Tasks({ caseId, open, tasks, canWrite, onDone }: { caseId: number; open: boolean; tasks: Task[]; canWrite: boolean; onDone: (m: string) => Promise<void> }) {
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const { error, busy, run } = useAction(onDone);
  const add = async () => { if (await run(() => api('POST', `/api/cases/${caseId}/tasks`, { title, due }), 'Opgaven er oprettet.')) { setTitle(''); setDue(''); } };
  return (
    <section aria-labelledby="tasks-h">
      <h2 id="tasks-h">Opgaver</h2>
      <ul className="cards">
        {tasks.map((t) => (
          <li key={t.id} className={t.doneAt ? 'done' : undefined}>
            <strong>{t.title}</strong> · frist {formatDate(t.due)}{t.doneAt ? ` · løst ${formatDateTime(t.doneAt)}` : ''}
            {canWrite && !t.doneAt && <button className="secondary small" onClick={() => run(() => api('POST', `/api/cases/${caseId}/tasks/${t.id}/complete`), 'Opgaven er løst.')}>Markér som løst</button>}
          </li>
        ))}
        {tasks.length === 0 && <li className="muted">Ingen opgaver.</li>}
      </ul>
      {canWrite && open && (
        <Panel title="Ny opgave" onSubmit={add} error={error} busy={busy} submit="Opret opgave">
          <div className="grid">
            <TextField label="Opgave" name="taskTitle" value={title} onChange={(e) => setTitle(e.target.value)} error={error?.fields.title} />
            <TextField label="Frist" name="taskDue" type="date" value={due} onChange={(e) => setDue(e.target.value)} error={error?.fields.due} />
          </div>
        </Panel>
      )}
    </section>
  );
}

export function Notes({ caseId, notes, canWrite, onDone }: { caseId: number; notes: Note[]; canWrite: boolean; onDone: (m: string) => Promise<void> }) {
  const [text, setText] = useState('');
  const [health, setHealth] = useState(false);
  const { error, busy, run } = useAction(onDone);
  const add = async () => { if (await run(() => api('POST', `/api/cases/${caseId}/notes`, { text, ...(health ? { health: true } : {}) }), 'Notatet er gemt.')) { setText(''); setHealth(false); } };
  return (
    <section aria-labelledby="notes-h">
      <h2 id="notes-h">Notater</h2>
      {canWrite && (
        <Panel title="Nyt notat" onSubmit={add} error={error} busy={busy} submit="Gem notat">
          <label className="field"><span>Notat</span><textarea name="noteText" rows={3} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={error?.fields.text ? true : undefined} /></label>
          {error?.fields.text && <span className="error" role="alert">{error.fields.text}</span>}
          <CheckField label="Indeholder helbredsoplysninger (kun sagens team kan se notatet)" name="noteHealth" checked={health} onChange={(e) => setHealth(e.target.checked)} />
        </Panel>
      )}
      <ul className="cards">
        {notes.map((n) => <li key={n.id}><span className="muted">{formatDateTime(n.at)}, {n.author}{n.health ? ' · helbredsoplysninger' : ''}</span><div className="note-text">{n.text}</div></li>)}
        {notes.length === 0 && <li className="muted">Ingen notater.</li>}
      </ul>
    </section>
  );
}

const MESSAGE_STATUS: Record<string, string> = { queued: 'I kø', sending: 'Sendes', sent: 'Sendt', delivered: 'Modtaget', failed: 'Fejlet', cancelled: 'Annulleret' };

/** The citizen's SMS consent and the messages retur has sent or will send on the case, with their status. */
export function Messages({ caseId, smsOptIn, phone, canWrite, onDone }: { caseId: number; smsOptIn: boolean; phone: string | null; canWrite: boolean; onDone: (m: string) => Promise<void> }) {
  const [messages, setMessages] = useState<Message[] | null>(null);
  const { error, busy, run } = useAction(onDone);
  useEffect(() => { api<Message[]>('GET', `/api/cases/${caseId}/messages`).then(setMessages).catch(() => setMessages([])); }, [caseId, smsOptIn]);
  return (
    <section aria-labelledby="msg-h">
      <h2 id="msg-h">Beskeder til borgeren</h2>
      <p>SMS-påmindelser: <strong>{smsOptIn ? 'ja' : 'nej'}</strong>{!phone && smsOptIn ? ' (intet mobilnummer)' : ''}
        {canWrite && <> <button className="secondary small" disabled={busy} onClick={() => run(() => api('POST', `/api/cases/${caseId}/sms-consent`, { optIn: !smsOptIn }), smsOptIn ? 'Borgeren får ikke længere SMS-påmindelser.' : 'Borgeren får SMS-påmindelser før samtaler.')}>{smsOptIn ? 'Borgeren siger nej tak' : 'Borgeren siger ja til SMS'}</button></>}
      </p>
      <ErrorSummary error={error?.problem ?? null} />
      {messages && messages.length > 0 && (
        <div className="table-box" tabIndex={0}>
          <table className="list">
            <thead><tr><th scope="col">Besked</th><th scope="col">Sendes</th><th scope="col">Status</th></tr></thead>
            <tbody>{messages.map((m) => (
              <tr key={m.id}><td>{m.channel === 'sms' ? 'SMS' : m.channel}: {m.purpose === 'meeting-reminder' ? 'påmindelse om samtale' : m.purpose}{m.body && <div className="muted">{m.body}</div>}</td>
                <td>{formatDateTime(m.sendAfter)}</td>
                <td>{MESSAGE_STATUS[m.status] ?? m.status}{m.attempts > 1 ? ` (${m.attempts} forsøg)` : ''}{m.lastError && m.status !== 'sent' && m.status !== 'delivered' ? ` – ${m.lastError}` : ''}{m.cancelledReason ? ` – ${m.cancelledReason}` : ''}</td></tr>
            ))}</tbody>
          </table>
        </div>
      )}
      {messages && messages.length === 0 && <p className="muted">Ingen beskeder endnu.</p>}
    </section>
  );
}
