/**
 * Group sessions (Rebild, Slagelse: follow-up in groups of 5-7): the team's coming sessions, a new one, inviting
 * citizens with filters, and attendance per participant, which counts as a follow-up on each participant's case.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, todayOnServer, type User } from '../api.ts';
import { Link } from '../router.tsx';
import { CheckField, ErrorSummary, SelectField, TextField, formatDateTime, optionsOf } from '../components.tsx';
import { GROUP_THEMES, DEFAULT_CAPACITY, DEFAULT_MIN_SIZE } from '../../domain/groupSessions.ts';
import { ATTENDANCE } from '../../domain/workspace.ts';
import { TARGET_GROUPS } from '../../domain/caseFields.ts';

interface Participant { meetingId: number; caseId: number; citizenName: string | null; status: string; attendance: string | null }
interface Session {
  id: number; theme: string; themeLabel: string; startsAt: string; endsAt: string; host: string | null; room: string | null; videoLink: string | null;
  capacity: number; minSize: number; status: 'planned' | 'held' | 'cancelled'; invited: number; participants: Participant[];
}
interface Data { today: string; rooms: { id: number; name: string; capacity: number }[]; sessions: Session[] }
type Panel = { kind: 'invite' | 'attendance' | 'cancel'; id: number } | null;

const STATUS = { planned: 'Planlagt', held: 'Holdt', cancelled: 'Aflyst' } as const;

export function GroupSessions({ user }: { user: User }) {
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [creating, setCreating] = useState(false);
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState('');
  const writes = user.role === 'caseworker' || user.role === 'team_leader';
  const load = () => api<Data>('GET', '/api/group-sessions').then((d) => { setData(d); setError(null); }, setError);
  useEffect(() => { load(); }, []);
  const done = (message: string) => { setNotice(message); setPanel(null); setCreating(false); load(); };

  return (
    <main>
      <div className="title-row">
        <h1>Gruppeforløb</h1>
        {writes && !creating && <button onClick={() => { setCreating(true); setNotice(''); }}>Nyt gruppeforløb</button>}
      </div>
      <p className="muted">Opfølgning i grupper på 5-7 borgere. Fremmøde tæller som opfølgningssamtale på hver deltagers sag.</p>
      {notice && <p className="notice" role="status">{notice}</p>}
      <ErrorSummary error={error?.problem ?? null} />
      {creating && data && <CreateSession rooms={data.rooms} onDone={() => done('Gruppeforløbet er oprettet.')} onCancel={() => setCreating(false)} />}
      {data && data.sessions.length === 0 && <p>Teamet har ingen kommende gruppeforløb.</p>}
      <ul className="sessions" aria-label="Gruppeforløb">
        {data?.sessions.map((s) => (
          <li key={s.id} className="panel" data-session={s.id}>
            <h2>{s.themeLabel}</h2>
            <p>
              <strong>{formatDateTime(s.startsAt)}</strong>–{formatDateTime(s.endsAt).split(' ').pop()} · {s.room ?? (s.videoLink ? 'Video' : '')}
              {s.host && <> · Mødeleder: {s.host}</>}
            </p>
            <p>
              <span className={`badge${s.status === 'cancelled' ? ' overdue' : ''}`}>{STATUS[s.status]}</span>{' '}
              {s.invited} af {s.capacity} pladser (mindst {s.minSize})
            </p>
            {s.participants.length > 0 && (
              <ul aria-label={`Deltagere i ${s.themeLabel}`}>
                {s.participants.map((p) => (
                  <li key={p.meetingId}>
                    <Link href={`/sager/${p.caseId}`}>{p.citizenName ?? `Sag ${p.caseId}`}</Link>
                    {p.attendance && <> – {ATTENDANCE[p.attendance as keyof typeof ATTENDANCE]}</>}
                  </li>
                ))}
              </ul>
            )}
            {writes && s.status === 'planned' && (
              <div className="actions">
                {s.invited < s.capacity && <button className="secondary" onClick={() => { setPanel({ kind: 'invite', id: s.id }); setNotice(''); }}>Invitér borgere</button>}
                {s.invited > 0 && <button className="secondary" onClick={() => { setPanel({ kind: 'attendance', id: s.id }); setNotice(''); }}>Registrér fremmøde</button>}
                <button className="secondary" onClick={() => { setPanel({ kind: 'cancel', id: s.id }); setNotice(''); }}>Aflys</button>
              </div>
            )}
            {panel?.id === s.id && panel.kind === 'invite' && <Invite session={s} onDone={(n) => done(`${n} ${n === 1 ? 'borger er' : 'borgere er'} inviteret.`)} onCancel={() => setPanel(null)} />}
            {panel?.id === s.id && panel.kind === 'attendance' && <Attendance session={s} onDone={() => done('Fremmødet er registreret, og deltagernes planer er genberegnet.')} onCancel={() => setPanel(null)} />}
            {panel?.id === s.id && panel.kind === 'cancel' && <Cancel session={s} onDone={() => done('Gruppeforløbet er aflyst, og deltagernes samtaler er aflyst.')} onCancel={() => setPanel(null)} />}
          </li>
        ))}
      </ul>
    </main>
  );
}

function CreateSession({ rooms, onDone, onCancel }: { rooms: Data['rooms']; onDone: () => void; onCancel: () => void }) {
  const [f, setF] = useState({ theme: 'partial-return', date: todayOnServer() ?? '', time: '10:00', durationMinutes: '90', roomId: '', videoLink: '', capacity: String(DEFAULT_CAPACITY), minSize: String(DEFAULT_MIN_SIZE) });
  const [error, setError] = useState<ApiError | null>(null);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const err = error?.fields ?? {};
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('POST', '/api/group-sessions', {
        theme: f.theme, date: f.date, time: f.time, durationMinutes: Number(f.durationMinutes), capacity: Number(f.capacity), minSize: Number(f.minSize),
        ...(f.roomId ? { roomId: Number(f.roomId) } : {}), ...(f.videoLink ? { videoLink: f.videoLink } : {}),
      });
      onDone();
    } catch (x) { setError(x as ApiError); }
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-session-h" noValidate>
      <h2 id="new-session-h">Nyt gruppeforløb</h2>
      <ErrorSummary error={error && !Object.keys(err).length ? error.problem : null} />
      <SelectField label="Tema" options={optionsOf(GROUP_THEMES)} value={f.theme} onChange={set('theme')} error={err.theme} />
      <TextField label="Dato" type="date" value={f.date} onChange={set('date')} error={err.date} />
      <TextField label="Klokkeslæt" type="time" value={f.time} onChange={set('time')} error={err.time ?? err.startsAt} />
      <TextField label="Varighed (minutter)" type="number" inputMode="numeric" value={f.durationMinutes} onChange={set('durationMinutes')} error={err.durationMinutes} />
      <SelectField label="Lokale" options={[['', 'Intet lokale (video)'], ...rooms.map((r): [string, string] => [String(r.id), `${r.name} (${r.capacity} pers.)`])]} value={f.roomId} onChange={set('roomId')} error={err.roomId} />
      <TextField label="Videolink" type="url" value={f.videoLink} onChange={set('videoLink')} error={err.videoLink} hint="Udfyld, hvis gruppen mødes på video" />
      <TextField label="Pladser" type="number" inputMode="numeric" value={f.capacity} onChange={set('capacity')} error={err.capacity} />
      <TextField label="Mindst antal deltagere" type="number" inputMode="numeric" value={f.minSize} onChange={set('minSize')} error={err.minSize} />
      <div className="actions">
        <button type="submit">Opret gruppeforløb</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

interface Candidate { caseId: number; citizenName: string; firstAbsenceDay: string; targetGroup: number | null; pathway: number | null; weeksOnBenefit: number; caseworker: string | null }

function Invite({ session, onDone, onCancel }: { session: Session; onDone: (n: number) => void; onCancel: () => void }) {
  const [filters, setFilters] = useState({ targetGroup: '', pathway: '', minWeeks: '', maxWeeks: '' });
  const [list, setList] = useState<Candidate[] | null>(null);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [error, setError] = useState<ApiError | null>(null);
  const left = session.capacity - session.invited;
  useEffect(() => {
    const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
    api<{ candidates: Candidate[] }>('GET', `/api/group-sessions/${session.id}/candidates?${q}`).then((d) => { setList(d.candidates); setError(null); }, setError);
  }, [filters]);
  const set = (k: keyof typeof filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [k]: e.target.value });
  const toggle = (id: number) => { const next = new Set(chosen); if (next.has(id)) next.delete(id); else next.add(id); setChosen(next); };
  const submit = async () => {
    try { await api('POST', `/api/group-sessions/${session.id}/invite`, { caseIds: [...chosen] }); onDone(chosen.size); } catch (x) { setError(x as ApiError); }
  };
  const err = error?.fields ?? {};
  return (
    <section aria-labelledby={`invite-h-${session.id}`}>
      <h3 id={`invite-h-${session.id}`}>Invitér borgere ({left} {left === 1 ? 'ledig plads' : 'ledige pladser'})</h3>
      <div className="filters">
        <SelectField label="Målgruppe" options={optionsOf(TARGET_GROUPS, 'Alle')} value={filters.targetGroup} onChange={set('targetGroup')} error={err.targetGroup} />
        <SelectField label="Borgerforløb" options={[['', 'Alle'], ...[1, 2, 3, 4, 5, 6].map((n): [string, string] => [String(n), `Forløb ${n}`])]} value={filters.pathway} onChange={set('pathway')} error={err.pathway} />
        <TextField label="Mindst uger på sygedagpenge" type="number" inputMode="numeric" value={filters.minWeeks} onChange={set('minWeeks')} error={err.minWeeks} />
        <TextField label="Højst uger på sygedagpenge" type="number" inputMode="numeric" value={filters.maxWeeks} onChange={set('maxWeeks')} error={err.maxWeeks} />
      </div>
      <ErrorSummary error={error && !Object.keys(err).some((k) => k in filters) ? error.problem : null} />
      {list && list.length === 0 && <p>Ingen borgere passer til filtrene.</p>}
      {list && list.length > 0 && (
        <ul className="candidates" aria-label="Borgere der kan inviteres">
          {list.map((c) => (
            <li key={c.caseId}>
              <CheckField label={`Vælg ${c.citizenName}`} checked={chosen.has(c.caseId)} onChange={() => toggle(c.caseId)} />
              <span className="muted">{c.weeksOnBenefit} uger · målgruppe {c.targetGroup ?? '–'}{c.pathway ? ` · forløb ${c.pathway}` : ''}{c.caseworker ? ` · ${c.caseworker}` : ''}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button onClick={submit} disabled={chosen.size === 0}>Invitér valgte ({chosen.size})</button>
        <button className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </section>
  );
}

function Attendance({ session, onDone, onCancel }: { session: Session; onDone: () => void; onCancel: () => void }) {
  const invited = session.participants.filter((p) => p.status === 'planned');
  const [marks, setMarks] = useState<Record<number, string>>(Object.fromEntries(invited.map((p) => [p.meetingId, 'attended'])));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const below = invited.length < session.minSize;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('POST', `/api/group-sessions/${session.id}/attendance`, {
        participants: invited.map((p) => ({ meetingId: p.meetingId, attendance: marks[p.meetingId] })),
        ...(below && reason ? { belowMinimumReason: reason } : {}),
      });
      onDone();
    } catch (x) { setError(x as ApiError); }
  };
  const err = error?.fields ?? {};
  return (
    <form onSubmit={submit} aria-labelledby={`att-h-${session.id}`} noValidate>
      <h3 id={`att-h-${session.id}`}>Registrér fremmøde</h3>
      <ErrorSummary error={error && !err.belowMinimumReason ? error.problem : null} />
      {invited.map((p) => (
        <SelectField key={p.meetingId} label={`Fremmøde for ${p.citizenName ?? `sag ${p.caseId}`}`} options={optionsOf(ATTENDANCE)}
          value={marks[p.meetingId]} onChange={(e) => setMarks({ ...marks, [p.meetingId]: e.target.value })} />
      ))}
      {below && (
        <TextField label="Begrundelse for at holde gruppen med færre deltagere" value={reason} onChange={(e) => setReason(e.target.value)} error={err.belowMinimumReason}
          hint={`Kun ${invited.length} inviteret; gruppen skal normalt have mindst ${session.minSize}.`} />
      )}
      <div className="actions">
        <button type="submit">Gem fremmøde</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}

function Cancel({ session, onDone, onCancel }: { session: Session; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try { await api('POST', `/api/group-sessions/${session.id}/cancel`, { reason }); onDone(); } catch (x) { setError(x as ApiError); }
  };
  const err = error?.fields ?? {};
  return (
    <form onSubmit={submit} aria-labelledby={`cancel-h-${session.id}`} noValidate>
      <h3 id={`cancel-h-${session.id}`}>Aflys gruppeforløbet</h3>
      <ErrorSummary error={error && !err.reason ? error.problem : null} />
      <TextField label="Begrundelse for aflysning" value={reason} onChange={(e) => setReason(e.target.value)} error={err.reason} hint={`${session.invited} deltageres samtaler aflyses, og deres påmindelser sendes ikke.`} />
      <div className="actions">
        <button type="submit">Aflys gruppeforløbet</button>
        <button type="button" className="secondary" onClick={onCancel}>Fortryd</button>
      </div>
    </form>
  );
}
