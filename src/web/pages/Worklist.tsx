/** The caseworker's worklist: overdue first, then today, this week, later; each line says what, for whom, by when and why. */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api, ApiError, type User } from '../api.ts';
import { Link } from '../router.tsx';
import { ErrorSummary, SelectField, TextAreaField, formatDate } from '../components.tsx';
import { DEADLINE_LABELS, DEADLINE_KINDS, type DeadlineKind } from '../../rules/deadlineKinds.ts';
import { TARGET_GROUPS } from '../../domain/caseFields.ts';
import { MEETING_FORMS } from '../../domain/workspace.ts';
import type { UserItem } from './CaseSearch.tsx';
import { EVENT_KINDS, type EventKind } from '../../domain/events.ts';

type Group = 'overdue' | 'unhandled' | 'today' | 'week' | 'later';
interface Item { type: 'deadline' | 'task' | 'meeting' | 'inquiry' | 'complaint' | 'sanction' | 'event'; kind: string; caseId: number; citizenName: string; targetGroup: number | null; due: string; legalDate: string | null; source: string | null; ruleId: string | null; why: string; adjusted: boolean; group: Group; taskId: number | null; meetingId: number | null; eventId: number | null }
interface Data { caseworker: { id: number; name: string }; today: string; counts: Record<Group, number>; items: Item[] }

const GROUPS: [Group | 'all', string][] = [['all', 'Alle'], ['overdue', 'Overskredet'], ['unhandled', 'Ubehandlet'], ['today', 'I dag'], ['week', 'Næste 7 dage'], ['later', 'Senere']];
const HEADINGS: Record<Group, string> = { overdue: 'Overskredet', unhandled: 'Ubehandlet', today: 'I dag', week: 'Næste 7 dage', later: 'Senere' };

function what(i: Item) {
  if (i.type === 'event') return `${EVENT_KINDS[i.kind as EventKind] ?? i.kind}: ${i.why}`;
  if (i.type === 'task') return `Opgave: ${i.why}`;
  if (i.type === 'inquiry' || i.type === 'complaint' || i.type === 'sanction') return i.why;
  if (i.type === 'meeting') return `Samtale (${MEETING_FORMS[i.kind as keyof typeof MEETING_FORMS] ?? i.kind})`;
  // The citizen's deadline passed without the form: the municipality follows up (warning before any sanction, SDL § 21).
  if (i.kind === 'information-form') return 'Oplysningsskema ikke modtaget';
  return DEADLINE_LABELS[i.kind as DeadlineKind] ?? i.kind;
}
const daysLate = (due: string, today: string) => Math.round((Date.parse(today) - Date.parse(due)) / 86_400_000);

export function Worklist({ user }: { user: User }) {
  const params = new URLSearchParams(window.location.search);
  const [caseworkerId, setCaseworkerId] = useState(params.get('caseworkerId') ?? '');
  const [group, setGroup] = useState<Group | 'all'>((params.get('group') as Group) ?? 'all');
  const [kind, setKind] = useState(params.get('kind') ?? '');
  const [targetGroup, setTargetGroup] = useState(params.get('targetGroup') ?? '');
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [users, setUsers] = useState<UserItem[]>([]);
  const listRef = useRef<HTMLOListElement>(null);
  const lead = user.role === 'team_leader' || user.role === 'manager';

  useEffect(() => { if (lead) api<UserItem[]>('GET', '/api/users').then(setUsers).catch(() => undefined); }, []);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    const q = new URLSearchParams(Object.entries({ caseworkerId, group, kind, targetGroup }).filter(([k, v]) => v && !(k === 'group' && v === 'all')));
    window.history.replaceState(null, '', `/arbejdsliste${q.size ? `?${q}` : ''}`);
    api<Data>('GET', `/api/worklist?${q}`).then((d) => { setData(d); setError(null); }, (e) => setError(e));
  }, [caseworkerId, group, kind, targetGroup, reload]);

  // Arrow keys move between the lines; Enter opens the case (the line is a link).
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const links = [...(listRef.current?.querySelectorAll<HTMLAnchorElement>('a.item-link') ?? [])];
    const i = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next = links[Math.max(0, Math.min(links.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) { e.preventDefault(); next.focus(); }
  };

  const total = data ? Object.values(data.counts).reduce((a, b) => a + b, 0) : 0;
  let lastGroup: Group | null = null;
  return (
    <main>
      <div className="title-row">
        <h1>Arbejdsliste{data && data.caseworker.id !== user.id ? `: ${data.caseworker.name}` : ''}</h1>
        {data && <p className="muted">{formatDate(data.today)}</p>}
      </div>
      <div className="filters">
        <div role="group" aria-label="Vis" className="tabs">
          {GROUPS.map(([g, label]) => (
            <button key={g} type="button" className={group === g ? 'tab active' : 'tab'} aria-pressed={group === g} onClick={() => setGroup(g)}>
              {label} {data && <span className={`count ${g}`}>{g === 'all' ? total : data.counts[g]}</span>}
            </button>
          ))}
        </div>
        <SelectField label="Type" name="kind" value={kind} onChange={(e) => setKind(e.target.value)}
          options={[['', 'Alle typer'], ...DEADLINE_KINDS.filter((k) => ['first-follow-up', 'follow-up-minimum', 'reassessment'].includes(k)).map((k) => [k, DEADLINE_LABELS[k]] as [string, string]), ['task', 'Opgaver'], ['meeting', 'Samtaler'], ['inquiry', 'Henvendelser'], ['complaint', 'Klager'], ['sanction', 'Sanktioner'], ['event', 'Alle ubehandlede hændelser'], ...Object.entries(EVENT_KINDS).map(([k, v]) => [k, `Hændelse: ${v}`] as [string, string])]} />
        <SelectField label="Målgruppe" name="targetGroup" value={targetGroup} onChange={(e) => setTargetGroup(e.target.value)} options={[['', 'Alle'], ...Object.entries(TARGET_GROUPS).map(([k, v]) => [k, `${k}. ${v}`] as [string, string])]} />
        {lead && users.length > 0 && (
          <SelectField label="Sagsbehandler" name="caseworkerId" value={caseworkerId} onChange={(e) => setCaseworkerId(e.target.value)}
            options={[['', 'Min egen'], ...users.filter((u) => u.role === 'caseworker' || u.role === 'team_leader').map((u) => [String(u.id), `${u.name} (${u.openCases})`] as [string, string])]} />
        )}
      </div>
      <ErrorSummary error={error?.problem ?? null} />
      {data && data.items.length === 0 && <p className="notice" role="status">Intet at gøre her. Alle lovpligtige frister i dine sager er nået eller ligger senere.</p>}
      {data && data.items.length > 0 && (
        <ol className="worklist" ref={listRef} onKeyDown={onKey} aria-label="Arbejdsliste">
          {data.items.map((i) => {
            const heading = i.group !== lastGroup ? HEADINGS[i.group] : null;
            lastGroup = i.group;
            return (
              <li key={`${i.type}-${i.caseId}-${i.kind}-${i.taskId ?? i.meetingId ?? `${i.due}-${i.why}`}`} className={`item ${i.group}`}>
                {heading && <h2 className="group-heading">{heading} <span className="muted">({data.counts[i.group]})</span></h2>}
                <div className="item-row">
                  <Link className="item-link" href={`/sager/${i.caseId}`}>
                    <span className="what">{what(i)}</span>
                    <span className="who">{i.citizenName} <span className="muted">sag {i.caseId}</span></span>
                    <span className="when">
                      {formatDate(i.due)}
                      {i.group === 'overdue' && <span className="badge overdue">{daysLate(i.due, data.today)} dage over</span>}
                      {i.adjusted && <span className="badge unverified">flyttet</span>}
                    </span>
                  </Link>
                  {i.type === 'event' && i.eventId && <HandleEvent eventId={i.eventId} label={what(i)} onHandled={() => setReload((n) => n + 1)} />}
                  {(i.type === 'deadline' || i.type === 'complaint' || i.type === 'sanction') && (
                    <details className="why">
                      <summary>Hvorfor: {i.source}</summary>
                      <p>{i.type === 'complaint' ? 'Kommunen skal genvurdere afgørelsen inden 4 uger efter, at klagen er modtaget. Får borgeren ikke fuldt medhold, sendes klagen til Ankestyrelsen.'
                        : i.type === 'sanction' ? 'Borgeren er partshørt om manglende medvirken. Når svarfristen er udløbet, træffes afgørelse om, hvorvidt sygedagpengene standses.' : i.why}</p>
                      {i.legalDate && i.legalDate !== i.due && <p className="muted">Lovens dato: {formatDate(i.legalDate)}</p>}
                    </details>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </main>
  );
}

/** One action with an optional note; the event leaves every worklist. */
export function HandleEvent({ eventId, label, onHandled }: { eventId: number; label: string; onHandled: () => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <details className="why handle-event">
      <summary>Behandl</summary>
      <form onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        try { await api('POST', `/api/events/${eventId}/handle`, note.trim() ? { note: note.trim() } : {}); onHandled(); } catch (err) { setError(err as ApiError); } finally { setBusy(false); }
      }}>
        <ErrorSummary error={error?.problem ?? null} />
        <TextAreaField label="Note (valgfri)" name="note" value={note} onChange={setNote} rows={2} error={error?.fields.note} />
        <button type="submit" disabled={busy} aria-label={`Markér som behandlet: ${label}`}>Markér som behandlet</button>
      </form>
    </details>
  );
}
