/**
 * The citizen's right of access (GDPR art. 15; databeskyttelsesloven): everything retur holds about one citizen,
 * as JSON and as a readable Danish PDF. What is collected follows the registry (registry.ts), so a table added
 * there is exported too, even before it gets a section of its own in the PDF. Every export is audited in the
 * transaction that read the data.
 */
import type { Ctx } from '../context.ts';
import { auditAs } from '../context.ts';
import type { Queryable } from '../../db/engine.ts';
import { require } from '../../domain/permissions.ts';
import { notFound } from '../../domain/errors.ts';
import { PERSONAL_DATA } from './registry.ts';
import { renderPdf, type PdfWriter } from '../../documents/pdf.ts';
import { formatDanish, todayInDenmark } from '../../domain/dates.ts';
import { CASE_KINDS, CATEGORIES, EMPLOYMENTS, EXIT_REASONS, ROLES, SICK_LEAVES, TARGET_GROUPS } from '../../domain/caseFields.ts';
import { ATTENDANCE, MEETING_FORMS } from '../../domain/workspace.ts';
import { DEADLINE_LABELS, type DeadlineKind } from '../../rules/deadlineKinds.ts';

type Row = Record<string, unknown>;

export interface CaseExport {
  case: Row;
  team: string | null;
  caseworker: string | null;
  employer: { cvr: string; name: string } | null;
  history: Row[];
  deadlines: Row[];
  plan: Row | null;
  meetings: Row[];
  tasks: Row[];
  notes: Row[];
  /** Rows of registry tables that have no section of their own yet, by table name. */
  other: Record<string, Row[]>;
}

export interface CitizenExport {
  municipality: string;
  generatedAt: string;
  citizen: Row;
  cases: CaseExport[];
  /** Who read or changed the citizen's data, and when (the audit log). */
  auditTrail: Row[];
  /** Rows of registry tables keyed by citizen without a section of their own yet. */
  other: Record<string, Row[]>;
}

/** Registry tables with a section of their own; the rest land in `other`. */
const SECTIONS: Record<string, keyof CaseExport> = {
  case_action: 'history', case_deadline: 'deadlines', case_plan: 'plan', follow_up_meeting: 'meetings', case_task: 'tasks', case_note: 'notes',
};
/** Columns naming a member of staff: the export adds their name beside the id. */
const USER_COLUMNS = ['actor_id', 'author_id', 'recorded_by', 'created_by', 'done_by', 'adjusted_by', 'caseworker_id', 'user_id', 'changed_by'];
const ORDER: Record<string, string> = {
  case_action: 'seq', case_deadline: 'legal_date, kind', follow_up_meeting: 'COALESCE(held_on, planned_for), id', case_task: 'due, id', case_note: 'created_at, id',
};

export async function findCitizenByCpr(q: Queryable, cpr: string): Promise<{ id: number }> {
  const [c] = await q.query<{ id: number }>('SELECT id FROM citizen WHERE cpr = $1', [cpr]);
  if (!c) throw notFound('Borgeren');
  return c;
}

/** Collects the export on `tx` (no audit): used by the use case below and by tests of completeness. */
export async function collectCitizenData(tx: Queryable, citizenId: number, now: Date): Promise<CitizenExport> {
  const [citizen] = await tx.query<Row>('SELECT * FROM citizen WHERE id = $1', [citizenId]);
  if (!citizen) throw notFound('Borgeren');
  const [m] = await tx.query<{ name: string }>('SELECT name FROM municipality ORDER BY code LIMIT 1');
  const users = new Map((await tx.query<{ id: number; name: string; role: string }>('SELECT id, name, role FROM app_user')).map((u) => [u.id, u]));
  const withNames = (rows: Row[]) => rows.map((r) => {
    const out: Row = { ...r };
    for (const col of USER_COLUMNS) if (col in r && r[col] != null) out[`${col}_name`] = users.get(Number(r[col]))?.name ?? null;
    return out;
  });

  const caseRows = await tx.query<Row>(
    `SELECT c.*, t.name AS team_name, e.cvr AS employer_cvr, e.name AS employer_name
       FROM sb_case c JOIN team t ON t.id = c.team_id LEFT JOIN employer e ON e.id = c.employer_id
      WHERE c.citizen_id = $1 ORDER BY c.first_absence_day, c.id`, [citizenId]);
  const caseIds = caseRows.map((c) => Number(c.id));

  // Every registry table keyed by case, fetched once for all the citizen's cases.
  const byCase = new Map<string, Map<number, Row[]>>();
  for (const t of PERSONAL_DATA.filter((t) => t.via === 'case')) {
    const rows = caseIds.length ? await tx.query<Row>(`SELECT * FROM ${t.table} WHERE case_id = ANY($1::int[]) ORDER BY ${ORDER[t.table] ?? '1'}`, [caseIds]) : [];
    const map = new Map<number, Row[]>();
    for (const r of withNames(rows)) {
      const id = Number(r.case_id);
      map.set(id, [...(map.get(id) ?? []), r]);
    }
    byCase.set(t.table, map);
  }

  const cases: CaseExport[] = caseRows.map((raw) => {
    const { team_name, employer_cvr, employer_name, ...row } = raw;
    const id = Number(row.id);
    const rowsOf = (table: string) => byCase.get(table)?.get(id) ?? [];
    const other: Record<string, Row[]> = {};
    for (const [table] of byCase) if (!SECTIONS[table] && rowsOf(table).length) other[table] = rowsOf(table);
    return {
      case: withNames([row])[0],
      team: (team_name as string) ?? null,
      caseworker: row.caseworker_id ? users.get(Number(row.caseworker_id))?.name ?? null : null,
      employer: employer_cvr ? { cvr: String(employer_cvr), name: String(employer_name) } : null,
      history: rowsOf('case_action'),
      deadlines: rowsOf('case_deadline'),
      plan: rowsOf('case_plan')[0] ?? null,
      meetings: rowsOf('follow_up_meeting'),
      tasks: rowsOf('case_task'),
      notes: rowsOf('case_note'),
      other,
    };
  });

  const auditTrail = await tx.query<Row>(
    `SELECT a.at, a.operation, a.entity, a.entity_id, a.endpoint, u.name AS user_name, u.role AS user_role
       FROM audit_entry a LEFT JOIN app_user u ON u.id = a.user_id WHERE a.citizen_id = $1 ORDER BY a.at, a.id`, [citizenId]);

  const other: Record<string, Row[]> = {};
  for (const t of PERSONAL_DATA.filter((t) => t.via === 'citizen' && t.table !== 'sb_case' && t.table !== 'audit_entry')) {
    const rows = await tx.query<Row>(`SELECT * FROM ${t.table} WHERE citizen_id = $1`, [citizenId]);
    if (rows.length) other[t.table] = withNames(rows);
  }
  return { municipality: m?.name ?? 'Kommunen', generatedAt: now.toISOString(), citizen, cases, auditTrail, other };
}

/** The use case: an administrator exports one citizen's data; the export is audited in the same transaction. */
export async function exportCitizen(ctx: Ctx, input: { cpr: string; format?: 'json' | 'pdf' }): Promise<CitizenExport> {
  require(ctx.actor, 'privacy:admin');
  return ctx.db.transaction(async (tx) => {
    const { id } = await findCitizenByCpr(tx, input.cpr);
    const data = await collectCitizenData(tx, id, ctx.now);
    await auditAs(ctx, tx, { operation: 'read', entity: 'citizen-export', entityId: id, citizenId: id, details: { format: input.format ?? 'json', cases: data.cases.length } });
    return data;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The PDF: the same data, readable, in Danish.

const DT = new Intl.DateTimeFormat('da-DK', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Copenhagen' });
const dateTime = (v: unknown) => (v ? DT.format(new Date(String(v))) : '–');
const date = (v: unknown) => (v ? formatDanish(String(v).slice(0, 10), false) : '–');
const text = (v: unknown) => (v == null || v === '' ? '–' : typeof v === 'boolean' ? (v ? 'Ja' : 'Nej') : typeof v === 'object' ? JSON.stringify(v) : String(v));
const cprText = (v: unknown) => (typeof v === 'string' && v.length === 10 ? `${v.slice(0, 6)}-${v.slice(6)}` : text(v));
const label = (map: Record<string, string>, v: unknown) => (v == null ? '–' : map[String(v)] ?? String(v));

const CASE_FIELDS: [string, string, (v: unknown) => string][] = [
  ['kind', 'Sagstype', (v) => label(CASE_KINDS, v)],
  ['status', 'Status', (v) => (v === 'open' ? 'Åben' : v === 'closed' ? 'Afsluttet' : text(v))],
  ['first_absence_day', 'Første fraværsdag', date],
  ['employment', 'Sygemeldt fra', (v) => label(EMPLOYMENTS, v)],
  ['sick_leave', 'Sygemelding', (v) => label(SICK_LEAVES, v)],
  ['partial_hours', 'Timer i arbejde pr. uge', text],
  ['expected_full_return', 'Forventet fuld raskmelding', date],
  ['category', 'Kategori', (v) => label(CATEGORIES, v)],
  ['target_group', 'Målgruppe', (v) => label(TARGET_GROUPS, v)],
  ['pathway', 'Borgerforløb', text],
  ['fast_track', 'Fast track', text],
  ['fast_track_requested_by', 'Fast track anmodet af', (v) => (v === 'employer' ? 'Arbejdsgiver' : v === 'citizen' ? 'Borgeren' : text(v))],
  ['fast_track_requested', 'Fast track anmodet', date],
  ['fast_track_letter_sent', 'Brev om fast track sendt', date],
  ['fast_track_declined', 'Fast track afslået', text],
  ['standby', 'Standby', text],
  ['pensioner', 'Folkepensionist', text],
  ['self_employed_insured', 'Selvstændig med forsikring', text],
  ['predictable_course', 'Forudsigeligt forløb', text],
  ['notification_received', 'Anmeldelse modtaget', date],
  ['information_form_sent', 'Oplysningsskema sendt', date],
  ['information_form_received', 'Oplysningsskema modtaget', date],
  ['medical_certificate_requested', 'Lægeattest bestilt', date],
  ['planned_first_follow_up', 'Planlagt første opfølgning', date],
  ['reassessed_on', 'Revurderet', date],
  ['diagnosis_group', 'Diagnosegruppe (helbredsoplysning)', text],
  ['exit_date', 'Afsluttet den', date],
  ['exit_reason', 'Afslutningsårsag', (v) => label(EXIT_REASONS, v)],
  ['created_at', 'Oprettet', dateTime],
  ['updated_at', 'Senest ændret', dateTime],
];
/** Columns that say nothing to the citizen (internal ids and counters). */
const HIDDEN = new Set(['id', 'citizen_id', 'team_id', 'employer_id', 'caseworker_id', 'caseworker_id_name', 'version']);

const ACTION_LABELS: Record<string, string> = {
  created: 'Sagen blev oprettet', changed: 'Oplysninger rettet', assigned: 'Ny sagsbehandler', closed: 'Sagen blev afsluttet',
  reopened: 'Sagen blev genåbnet', 'deadline-adjusted': 'Frist flyttet', 'meeting-booked': 'Samtale booket', 'meeting-recorded': 'Samtale registreret',
  'task-created': 'Opgave oprettet', 'task-completed': 'Opgave løst', 'note-added': 'Notat tilføjet',
};

function describeAction(p: Row): string {
  const changes = (c: unknown) => Object.entries((c ?? {}) as Record<string, { from: unknown; to: unknown }>)
    .map(([k, ch]) => `${CASE_FIELDS.find(([f]) => f === k.replace(/[A-Z]/g, (x) => '_' + x.toLowerCase()))?.[1] ?? k}: ${text(ch?.from)} → ${text(ch?.to)}`).join('; ');
  const base = ACTION_LABELS[String(p.type)] ?? String(p.type);
  switch (p.type) {
    case 'changed': return `${base}: ${changes(p.changes)}`;
    case 'assigned': return `${base}. Begrundelse: ${text(p.reason)}`;
    case 'closed': return `${base} ${date(p.exitDate)}: ${label(EXIT_REASONS, p.exitReason)}`;
    case 'reopened': return `${base}. Begrundelse: ${text(p.reason)}`;
    case 'deadline-adjusted': return `${base}: ${label(DEADLINE_LABELS, p.kind)} fra ${date(p.from)} til ${p.to ? date(p.to) : 'den beregnede dato'} (lovens dato ${date(p.legalDate)}). Begrundelse: ${text(p.reason)}`;
    case 'meeting-booked': return `${base} til ${date(p.plannedFor)} (${label(MEETING_FORMS, p.form)})`;
    case 'meeting-recorded': {
      const c = changes(p.changes);
      return `${base} ${date(p.heldOn)} (${label(MEETING_FORMS, p.form)}): ${label(ATTENDANCE, p.attendance)}${p.notes ? `. Noter: ${p.notes}` : ''}${c ? `. ${c}` : ''}`;
    }
    case 'task-created': return `${base}: ${text(p.title)} (frist ${date(p.due)})`;
    case 'task-completed': return `${base}: ${text(p.title)}`;
    case 'note-added': return `${base}: ${text(p.text)}`;
    default: return base;
  }
}

const DEADLINE_STATUS: Record<string, string> = { open: 'Åben', met: 'Overholdt', passed: 'Overskredet' };
const MEETING_STATUS: Record<string, string> = { planned: 'Planlagt', held: 'Afholdt', no_show: 'Udeblevet', cancelled: 'Aflyst' };
const OPERATIONS: Record<string, string> = { read: 'Læst', write: 'Ændret', refused: 'Afvist' };
const ENTITIES: Record<string, string> = { case: 'Sag', citizen: 'Borger', audit: 'Revisionsspor', 'citizen-export': 'Indsigt (udtræk)' };

function rowsAsKeyValues(w: PdfWriter, rows: Row[]) {
  for (const r of rows) w.keyValues(Object.entries(r).map(([k, v]) => [k, text(v)]));
}

/** The export as a tagged PDF in Danish (headings, tables, dates written out). */
export function citizenExportPdf(data: CitizenExport): Promise<Buffer> {
  const c = data.citizen;
  const title = 'Indsigt i personoplysninger';
  return renderPdf({ title, municipality: data.municipality, subject: 'Oplysninger om dig i kommunens sygedagpengesystem (retur)', createdAt: new Date(data.generatedAt) }, (w) => {
    w.heading(1, title);
    w.paragraph(`${data.municipality} har dannet denne oversigt ${dateTime(data.generatedAt)} efter databeskyttelsesforordningens artikel 15 (retten til indsigt). `
      + 'Den indeholder alle oplysninger om dig i kommunens system til opfølgning på sygedagpenge (retur): dine identitets- og kontaktoplysninger, '
      + 'dine sager med deres oplysninger, frister og lovgrundlag, samtaler, opgaver, notater og sagens historik, samt hvem der har set eller ændret oplysningerne og hvornår.');

    w.heading(2, 'Identitet og kontaktoplysninger');
    w.keyValues([
      ['CPR-nummer', cprText(c.cpr)], ['Navn', text(c.name)], ['Telefon', text(c.phone)], ['E-mail', text(c.email)],
      ['Fritaget for digital post', text(c.digital_post_exempt)], ['Registreret i systemet', dateTime(c.created_at)],
    ]);

    if (data.cases.length === 0) w.paragraph('Der er ingen sager om dig.');
    for (const s of data.cases) {
      const row = s.case;
      w.heading(2, `Sag ${text(row.id)}: ${label(CASE_KINDS, row.kind)} (${row.status === 'open' ? 'åben' : 'afsluttet'})`);
      w.heading(3, 'Oplysninger på sagen');
      const known = new Set(CASE_FIELDS.map(([f]) => f));
      w.keyValues([
        ...CASE_FIELDS.filter(([f]) => f in row && row[f] != null && row[f] !== false).map(([f, l, fmt]) => [l, fmt(row[f])] as [string, string]),
        ['Team', text(s.team)], ['Sagsbehandler', text(s.caseworker)],
        ['Arbejdsgiver', s.employer ? `${s.employer.name} (CVR ${s.employer.cvr})` : '–'],
        // Columns added after this list was written are shown by name rather than left out.
        ...Object.entries(row).filter(([k, v]) => !known.has(k) && !HIDDEN.has(k) && v != null).map(([k, v]) => [k, text(v)] as [string, string]),
      ]);

      w.heading(3, 'Frister og lovgrundlag');
      if (s.deadlines.length === 0) w.paragraph('Ingen frister.');
      else w.table(['Frist', 'Lovens dato', 'Frist (evt. flyttet)', 'Status', 'Lovgrundlag'], s.deadlines.map((d) => [
        label(DEADLINE_LABELS as Record<DeadlineKind, string>, d.kind),
        date(d.legal_date),
        d.adjusted_due ? `${date(d.adjusted_due)} (flyttet: ${text(d.adjust_reason)})` : date(d.due),
        label(DEADLINE_STATUS, d.status),
        `${text(d.source)}${(d.explanation as { da?: string } | null)?.da ? `. ${(d.explanation as { da: string }).da}` : ''}`,
      ]), { widths: [3, 2, 2, 1.4, 5] });

      if (s.plan) {
        w.heading(3, 'Opfølgningsplan');
        w.paragraph(`Regelsæt: ${text(s.plan.rule_set)}. Beregnet ${date(s.plan.computed_on)}.`);
        const issues = Array.isArray(s.plan.issues) ? (s.plan.issues as { message?: string }[]) : [];
        if (issues.length) w.list(issues.map((i) => text(i.message)));
      }

      w.heading(3, 'Opfølgningssamtaler');
      if (s.meetings.length === 0) w.paragraph('Ingen samtaler.');
      else w.table(['Dato', 'Form', 'Status', 'Noter'], s.meetings.map((m) => [
        date(m.held_on ?? m.planned_for), label(MEETING_FORMS, m.form),
        `${label(MEETING_STATUS, m.status)}${m.attendance ? ` (${label(ATTENDANCE, m.attendance)})` : ''}`, text(m.notes),
      ]), { widths: [2, 2, 2.5, 5] });

      w.heading(3, 'Opgaver');
      if (s.tasks.length === 0) w.paragraph('Ingen opgaver.');
      else w.table(['Opgave', 'Frist', 'Oprettet af', 'Løst'], s.tasks.map((t) => [
        text(t.title), date(t.due), text(t.created_by_name), t.done_at ? `${dateTime(t.done_at)} (${text(t.done_by_name)})` : 'Nej',
      ]), { widths: [5, 2, 2, 3] });

      w.heading(3, 'Notater');
      if (s.notes.length === 0) w.paragraph('Ingen notater.');
      for (const n of s.notes) {
        w.paragraph(`${dateTime(n.created_at)}, ${text(n.author_id_name)}${n.health ? ' (helbredsoplysning)' : ''}`, { bold: true });
        w.paragraph(text(n.body));
      }

      w.heading(3, 'Sagens historik');
      w.table(['Tidspunkt', 'Hvem', 'Hændelse'], s.history.map((a) => [dateTime(a.at), text(a.actor_id_name ?? 'System'), describeAction(a.payload as Row)]), { widths: [2.4, 2, 6] });

      for (const [table, rows] of Object.entries(s.other)) {
        w.heading(3, PERSONAL_DATA.find((t) => t.table === table)?.title ?? table);
        rowsAsKeyValues(w, rows);
      }
    }

    for (const [table, rows] of Object.entries(data.other)) {
      w.heading(2, PERSONAL_DATA.find((t) => t.table === table)?.title ?? table);
      rowsAsKeyValues(w, rows);
    }

    w.heading(2, 'Hvem har set eller ændret oplysningerne');
    w.paragraph('Kommunen logger hver gang en medarbejder læser eller ændrer oplysninger om dig. Loggen gemmes i en begrænset periode.', { muted: true });
    if (data.auditTrail.length === 0) w.paragraph('Ingen registreringer.');
    else w.table(['Tidspunkt', 'Medarbejder', 'Rolle', 'Handling', 'Hvad'], data.auditTrail.map((a) => [
      dateTime(a.at), text(a.user_name ?? 'System'), label(ROLES, a.user_role), label(OPERATIONS, a.operation),
      `${label(ENTITIES, a.entity)}${a.entity_id ? ` ${a.entity_id}` : ''}`,
    ]), { widths: [3, 2.5, 2, 1.5, 2.5] });
    w.paragraph(`Oversigten er dannet ${date(todayInDenmark(new Date(data.generatedAt)))}. Har du spørgsmål, kan du kontakte ${data.municipality}.`, { muted: true });
  });
}
