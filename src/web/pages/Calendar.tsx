/**
 * The caseworker's calendar: the week's meetings and group sessions day by day, working hours, absences, and the
 * private calendar link for Outlook. Phones first: one column of days, forms that stack.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, todayOnServer, type User } from '../api.ts';
import { Link } from '../router.tsx';
import { CheckField, ErrorSummary, TextField, formatDate, formatDateTime } from '../components.tsx';

interface WorkingDay { weekday: number; starts: string; ends: string }
interface Absence { id: number; from: string; to: string; reason: string }
interface AgendaItem { type: 'meeting' | 'group-session'; id: number; caseId: number | null; citizenName: string | null; startsAt: string | null; endsAt: string | null; date: string; form: string; title: string; status: string; room: string | null; videoLink: string | null }
interface Agenda { user: { id: number; name: string }; from: string; to: string; items: AgendaItem[]; workingHours: WorkingDay[]; workingHoursDefault: boolean; absences: Absence[]; closedDays: { date: string; reason: string }[] }
interface Feed { active: boolean; createdAt: string | null }

const WEEKDAYS = ['', 'Mandag', 'Tirsdag', 'Onsdag', 'Torsdag', 'Fredag', 'Lørdag', 'Søndag'];
const STATUS: Record<string, string> = { held: 'holdt', no_show: 'udeblevet', planned: '' };
const DAY_MS = 86_400_000;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const isoWeekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay() || 7;
const mondayOf = (d: string) => addDays(d, 1 - isoWeekday(d));
/** ISO week number, as Danish calendars show it. */
function weekNumber(d: string) {
  const thursday = addDays(d, 4 - isoWeekday(d));
  const jan1 = `${thursday.slice(0, 4)}-01-01`;
  return Math.floor((Date.parse(thursday) - Date.parse(jan1)) / DAY_MS / 7) + 1;
}
const TIME = new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Copenhagen' });
const time = (iso: string | null) => (iso ? TIME.format(new Date(iso)) : '');

export function Calendar({ user }: { user: User }) {
  const [monday, setMonday] = useState(() => mondayOf(todayOnServer()));
  const [agenda, setAgenda] = useState<Agenda | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    api<Agenda>('GET', `/api/calendar/agenda?from=${monday}&to=${addDays(monday, 6)}`).then((a) => { setAgenda(a); setError(null); }, setError);
  }, [monday, reload]);
  const refresh = () => setReload((n) => n + 1);

  return (
    <main>
      <div className="title-row">
        <h1>Min kalender</h1>
        <p className="muted">{user.name}</p>
      </div>
      <div className="actions" role="group" aria-label="Vælg uge">
        <button type="button" className="secondary" onClick={() => setMonday(addDays(monday, -7))}>Forrige uge</button>
        <button type="button" className="secondary" onClick={() => setMonday(mondayOf(todayOnServer()))}>Denne uge</button>
        <button type="button" className="secondary" onClick={() => setMonday(addDays(monday, 7))}>Næste uge</button>
      </div>
      <ErrorSummary error={error?.problem ?? null} />
      {agenda && <Week agenda={agenda} monday={monday} />}
      <div className="columns">
        <WorkingHours onSaved={refresh} />
        <Absences onChanged={refresh} />
      </div>
      <FeedPanel />
    </main>
  );
}

function Week({ agenda, monday }: { agenda: Agenda; monday: string }) {
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const today = todayOnServer();
  return (
    <section aria-labelledby="week-heading">
      <h2 id="week-heading">Uge {weekNumber(monday)}: {formatDate(monday)} – {formatDate(addDays(monday, 6))}</h2>
      {days.map((d) => {
        const items = agenda.items.filter((i) => i.date === d);
        const closed = agenda.closedDays.find((c) => c.date === d);
        const absent = agenda.absences.find((a) => a.from <= d && d <= a.to);
        const hours = agenda.workingHours.find((w) => w.weekday === isoWeekday(d));
        // Weekends without anything booked are left out, so a phone shows the working week.
        if (isoWeekday(d) > 5 && !items.length && !absent) return null;
        return (
          <div key={d} className="panel">
            <h3 className="group-heading">
              {WEEKDAYS[isoWeekday(d)]} {formatDate(d)} {d === today && <span className="badge">I dag</span>}
            </h3>
            <p className="muted">
              {closed ? `Lukket: ${closed.reason}` : absent ? `Fraværende: ${absent.reason}` : hours ? `Arbejdstid ${hours.starts}-${hours.ends}` : 'Ingen arbejdstid'}
            </p>
            {items.length === 0 ? <p className="muted">Ingen samtaler.</p> : (
              <ul className="cards">
                {items.map((i) => (
                  <li key={`${i.type}-${i.id}`}>
                    <strong>{i.startsAt ? `${time(i.startsAt)}-${time(i.endsAt)}` : 'Tidspunkt ikke sat'}</strong>{' '}
                    {i.caseId ? <Link href={`/sager/${i.caseId}`}>{i.title}</Link> : i.title}
                    {i.citizenName && <span className="muted"> · {i.citizenName}</span>}
                    {(i.room || i.videoLink) && <span className="muted"> · {i.room ?? 'Video'}</span>}
                    {STATUS[i.status] && <span className="badge closed">{STATUS[i.status]}</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </section>
  );
}

function WorkingHours({ onSaved }: { onSaved: () => void }) {
  const [rows, setRows] = useState<{ on: boolean; starts: string; ends: string }[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const load = (days: WorkingDay[]) => setRows(Array.from({ length: 7 }, (_, i) => {
    const d = days.find((w) => w.weekday === i + 1);
    return { on: !!d, starts: d?.starts ?? '08:00', ends: d?.ends ?? (i === 4 ? '13:00' : '15:30') };
  }));
  useEffect(() => { api<{ days: WorkingDay[] }>('GET', '/api/calendar/working-hours').then((r) => load(r.days), setError); }, []);
  if (!rows) return <section className="panel"><h2>Arbejdstid</h2><ErrorSummary error={error?.problem ?? null} /></section>;
  const set = (i: number, patch: Partial<(typeof rows)[number]>) => { setSaved(false); setRows(rows.map((r, k) => (k === i ? { ...r, ...patch } : r))); };
  const chosen = rows.map((r, i) => ({ ...r, weekday: i + 1 })).filter((r) => r.on);
  const fieldError = (i: number, f: 'starts' | 'ends') => error?.fields[`days.${chosen.findIndex((c) => c.weekday === i + 1)}.${f}`];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api<{ days: WorkingDay[] }>('PUT', '/api/calendar/working-hours', { days: chosen.map(({ weekday, starts, ends }) => ({ weekday, starts, ends })) });
      load(r.days); setError(null); setSaved(true); onSaved();
    } catch (err) { setError(err as ApiError); }
  };
  return (
    <section className="panel" aria-labelledby="hours-heading">
      <h2 id="hours-heading">Arbejdstid</h2>
      <p className="hint">Samtaler foreslås kun inden for din arbejdstid og aldrig på kommunens lukkedage.</p>
      <ErrorSummary error={error?.problem ?? null} />
      {saved && <p className="notice" role="status">Arbejdstiden er gemt.</p>}
      <form onSubmit={submit}>
        {rows.map((r, i) => (
          <fieldset key={i}>
            <legend>{WEEKDAYS[i + 1]}</legend>
            <CheckField label="Arbejder denne dag" checked={r.on} onChange={(e) => set(i, { on: e.target.checked })} />
            {r.on && (
              <div className="grid">
                <TextField label="Fra" type="time" value={r.starts} onChange={(e) => set(i, { starts: e.target.value })} error={fieldError(i, 'starts')} />
                <TextField label="Til" type="time" value={r.ends} onChange={(e) => set(i, { ends: e.target.value })} error={fieldError(i, 'ends')} />
              </div>
            )}
          </fieldset>
        ))}
        <button type="submit">Gem arbejdstid</button>
      </form>
    </section>
  );
}

function Absences({ onChanged }: { onChanged: () => void }) {
  const [list, setList] = useState<Absence[]>([]);
  const [form, setForm] = useState({ from: '', to: '', reason: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [conflicts, setConflicts] = useState<{ meetingId: number; caseId: number; startsAt: string }[]>([]);
  const load = () => api<{ absences: Absence[] }>('GET', '/api/calendar/absences').then((r) => setList(r.absences), setError);
  useEffect(() => { void load(); }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api<{ conflicts: typeof conflicts }>('POST', '/api/calendar/absences', { from: form.from, to: form.to || form.from, reason: form.reason });
      setConflicts(r.conflicts); setForm({ from: '', to: '', reason: '' }); setError(null); await load(); onChanged();
    } catch (err) { setError(err as ApiError); }
  };
  const remove = async (id: number) => {
    try { await api('DELETE', `/api/calendar/absences/${id}`); await load(); onChanged(); } catch (err) { setError(err as ApiError); }
  };
  return (
    <section className="panel" aria-labelledby="absence-heading">
      <h2 id="absence-heading">Fravær</h2>
      <p className="hint">Ferie, kurser og andet fravær. Der foreslås ingen samtaler på de dage.</p>
      <ErrorSummary error={error?.problem ?? null} />
      {conflicts.length > 0 && (
        <div className="alert" role="status">
          <strong>Du har {conflicts.length} booked{conflicts.length === 1 ? '' : 'e'} samtale{conflicts.length === 1 ? '' : 'r'} i perioden. Flyt {conflicts.length === 1 ? 'den' : 'dem'}:</strong>
          <ul>{conflicts.map((c) => <li key={c.meetingId}><Link href={`/sager/${c.caseId}`}>Sag {c.caseId}</Link>, {formatDateTime(c.startsAt)}</li>)}</ul>
        </div>
      )}
      {list.length === 0 ? <p className="muted">Intet fravær registreret.</p> : (
        <ul className="cards">
          {list.map((a) => (
            <li key={a.id}>
              {formatDate(a.from)}{a.to !== a.from && ` – ${formatDate(a.to)}`}: {a.reason}
              <button type="button" className="secondary small" onClick={() => remove(a.id)} aria-label={`Slet fravær ${formatDate(a.from)}: ${a.reason}`}>Slet</button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit}>
        <div className="grid">
          <TextField label="Fra" type="date" required value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} error={error?.fields.from} />
          <TextField label="Til" type="date" hint="Tom: kun én dag" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} error={error?.fields.to} />
        </div>
        <TextField label="Årsag" placeholder="Fx ferie eller kursus" required value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} error={error?.fields.reason} />
        <button type="submit">Tilføj fravær</button>
      </form>
    </section>
  );
}

function FeedPanel() {
  const [feed, setFeed] = useState<Feed | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => { api<Feed>('GET', '/api/calendar/feed').then(setFeed, setError); }, []);
  const create = async () => {
    try {
      const r = await api<{ path: string; createdAt: string }>('POST', '/api/calendar/feed', { confirm: true });
      // The address the browser reached retur on is the one Outlook must use too.
      setUrl(`${window.location.origin}${r.path}`); setFeed({ active: true, createdAt: r.createdAt }); setError(null);
    } catch (err) { setError(err as ApiError); }
  };
  const stop = async () => {
    try { await api('DELETE', '/api/calendar/feed'); setFeed({ active: false, createdAt: null }); setUrl(null); } catch (err) { setError(err as ApiError); }
  };
  return (
    <section className="panel" aria-labelledby="feed-heading">
      <h2 id="feed-heading">Kalender i Outlook</h2>
      <p>Et privat link, som Outlook kan abonnere på (Tilføj kalender → Fra internettet). Kalenderen viser dine kommende samtaler og gruppemøder med sagsnummer og samtaleform, men aldrig borgerens navn eller CPR-nummer.</p>
      <ErrorSummary error={error?.problem ?? null} />
      {feed && <p className="muted">{feed.active ? `Du har et aktivt link, lavet ${formatDateTime(feed.createdAt!)}.` : 'Du har intet aktivt link.'}</p>}
      {url && (
        <>
          <TextField label="Dit private kalenderlink" readOnly value={url} onFocus={(e) => e.target.select()} hint="Kopiér det nu: linket vises kun denne ene gang. Del det ikke; alle med linket kan se dine mødetider." />
        </>
      )}
      <div className="actions">
        <button type="button" onClick={create}>{feed?.active ? 'Lav nyt link' : 'Lav link'}</button>
        {feed?.active && <button type="button" className="secondary" onClick={stop}>Slå linket fra</button>}
      </div>
      {feed?.active && <p className="hint">Laver du et nyt link, holder det gamle op med at virke.</p>}
    </section>
  );
}
