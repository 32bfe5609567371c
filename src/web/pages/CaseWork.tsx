/** Meetings, tasks and notes on the case page. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, todayOnServer } from '../api.ts';
import { CheckField, ErrorSummary, SelectField, TextField, formatDate, formatDateTime, optionsOf } from '../components.tsx';
import { ATTENDANCE, MEETING_FORMS } from '../../domain/workspace.ts';
import { CATEGORIES } from '../../domain/caseFields.ts';

export interface Meeting { id: number; status: string; plannedFor: string | null; heldOn: string | null; form: keyof typeof MEETING_FORMS; attendance: keyof typeof ATTENDANCE | null; notes: string | null; recordedBy: string | null }
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
  const [mode, setMode] = useState<'none' | 'record' | 'book'>('none');
  const [recordFrom, setRecordFrom] = useState<Meeting | null>(null);
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
      {meetings.length === 0 ? <p className="muted">Ingen samtaler endnu.</p> : (
        <ul className="cards">
          {meetings.map((m) => (
            <li key={m.id}>
              <strong>{formatDate(m.heldOn ?? m.plannedFor)}</strong> {MEETING_FORMS[m.form]} · {STATUS[m.status]}{m.attendance && m.attendance !== 'attended' ? ` (${ATTENDANCE[m.attendance].toLowerCase()})` : ''}
              {m.notes && <div className="note-text">{m.notes}</div>}
              {canWrite && open && m.status === 'planned' && mode === 'none' && <div><button className="secondary small" onClick={() => { setRecordFrom(m); setMode('record'); }}>Registrér udfaldet</button></div>}
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

function BookMeeting({ c, first, onCancel, onDone }: { c: CaseBits; first: boolean; onCancel: () => void; onDone: (m: string) => Promise<void> }) {
  const [plannedFor, setPlannedFor] = useState('');
  const [form, setForm] = useState(first ? 'in-person' : 'phone');
  const { error, busy, run } = useAction(onDone);
  return (
    <Panel title="Book samtale" onSubmit={() => run(() => api('POST', `/api/cases/${c.id}/meetings`, { version: c.version, plannedFor, form }), 'Samtalen er booket.')} error={error} busy={busy} submit="Book" onCancel={onCancel}>
      {first && form !== 'in-person' && <p className="issue warning">Den første samtale skal som udgangspunkt være personlig (SDL § 13 b, stk. 1).</p>}
      <div className="grid">
        <TextField label="Dato" name="plannedFor" type="date" value={plannedFor} onChange={(e) => setPlannedFor(e.target.value)} error={error?.fields.plannedFor} />
        <SelectField label="Samtaleform" name="bookForm" value={form} onChange={(e) => setForm(e.target.value)} options={optionsOf(MEETING_FORMS)} error={error?.fields.form} />
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
