/**
 * The employer register: search, one employer with its contact persons, case counts and contact log, adding contacts
 * and log entries, the case's employer panel, and early-effort targeting (seed 000, Slagelse: aim the early effort
 * at the workplaces with many sick-listed, the municipality's own institutions among them).
 *
 * Contact persons are the employer's staff, not citizens. A log entry about a case is the citizen's data: writing it
 * and reading it are audited with the case's citizen, and its text is shown only to those who may read that case.
 */
import type { Ctx } from './context.ts';
import { importedIndustryName, withIndustryName } from './industries.ts';
import { auditAs } from './context.ts';
import type { Queryable } from '../db/engine.ts';
import { loadCase } from '../db/caseStore.ts';
import { HIDDEN } from './present.ts';
import { can, require, requireCaseAccess, seesAllTeams } from '../domain/permissions.ts';
import { invalidField, notFound } from '../domain/errors.ts';
import * as E from '../domain/employers.ts';

export interface EmployerSummary {
  id: number; cvr: string; name: string; industryCode: string | null; industryVersion: string | null; industryName: string | null;
  sizeBand: E.SizeBand | null; isMunicipality: boolean; openCases: number;
}
export interface Contact { id: number; name: string; role: string | null; phone: string | null; email: string | null }
export interface LogEntry { id: number; caseId: number | null; at: string; channel: E.LogChannel; summary: string; by: string | null }

const SUMMARY = `SELECT e.id, e.cvr, e.name, e.industry_code AS "industryCode", e.industry_version AS "industryVersion", ${importedIndustryName('e')},
       e.size_band AS "sizeBand", e.is_municipality AS "isMunicipality",
       (SELECT count(*)::int FROM sb_case c WHERE c.employer_id = e.id AND c.status = 'open') AS "openCases"
  FROM employer e`;

type SummaryRow = Omit<EmployerSummary, 'industryName'> & { importedIndustryName: string | null };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** By name (part of it) or CVR number (its first digits); the municipality's own workplaces first, then by name. */
export async function searchEmployers(ctx: Ctx, p: { q?: string }) {
  require(ctx.actor, 'citizen:identify');
  const q = p.q?.trim() ?? '';
  const digits = q.replace(/\s/g, '');
  const [where, params] = !q ? ['', []]
    : /^\d{1,8}$/.test(digits) ? ['WHERE e.cvr LIKE $1', [digits + '%']]
    : [`WHERE lower(e.name) LIKE $1 ESCAPE '\\'`, [`%${escapeLike(q.toLowerCase())}%`]];
  const rows = await ctx.db.query<SummaryRow>(`${SUMMARY} ${where} ORDER BY e.is_municipality DESC, e.name, e.id LIMIT 50`, params);
  return { employers: rows.map(withIndustryName) };
}

async function contactsOf(q: Queryable, employerId: number) {
  return q.query<Contact>('SELECT id, name, role, phone, email FROM employer_contact WHERE employer_id = $1 ORDER BY name, id', [employerId]);
}

type LogRow = LogEntry & { citizenId: number | null; teamId: number | null };
const LOG = `SELECT l.id, l.case_id AS "caseId", l.at, l.channel, l.summary, u.name AS by, c.citizen_id AS "citizenId", c.team_id AS "teamId"
  FROM employer_contact_log l LEFT JOIN sb_case c ON c.id = l.case_id LEFT JOIN app_user u ON u.id = l.created_by`;

/**
 * Shows log entries: an entry about a case the actor may not read (another team) keeps its date and channel but not
 * its text; the entries whose text is shown are audited as reads of their citizens.
 */
async function presentLog(ctx: Ctx, tx: Queryable, rows: LogRow[], view: string) {
  const identify = can(ctx.actor, 'citizen:identify');
  const readable = (r: LogRow) => identify && (r.caseId == null || seesAllTeams(ctx.actor) || r.teamId === ctx.actor.teamId);
  const read = new Map<number, number>();
  for (const r of rows) if (r.caseId != null && r.citizenId != null && readable(r)) read.set(r.caseId, r.citizenId);
  await auditAs(ctx, tx, [...read].map(([caseId, citizenId]) => ({ operation: 'read' as const, entity: 'employer-contact-log', entityId: caseId, citizenId, details: { view } })));
  return rows.map(({ citizenId: _c, teamId: _t, ...r }) => ({ ...r, at: new Date(r.at).toISOString(), summary: readable({ ...r, citizenId: _c, teamId: _t }) ? r.summary : HIDDEN }));
}

export async function getEmployer(ctx: Ctx, id: number) {
  require(ctx.actor, 'citizen:identify');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<SummaryRow>(`${SUMMARY} WHERE e.id = $1`, [id]);
    if (!row) throw notFound('Arbejdsgiveren');
    const e = withIndustryName(row);
    const [counts] = await tx.query<{ cases: number; open: number; lastYear: number }>(
      `SELECT count(*)::int AS cases, count(*) FILTER (WHERE status = 'open')::int AS open,
              count(*) FILTER (WHERE first_absence_day > $2::date - 365)::int AS "lastYear"
         FROM sb_case WHERE employer_id = $1`, [id, ctx.today]);
    const log = await presentLog(ctx, tx, await tx.query<LogRow>(`${LOG} WHERE l.employer_id = $1 ORDER BY l.at DESC, l.id DESC LIMIT 100`, [id]), 'employer');
    return { employer: e, cases: counts, contacts: await contactsOf(tx, id), log };
  });
}

export function addContact(ctx: Ctx, employerId: number, input: E.AddContactInput) {
  require(ctx.actor, 'case:write');
  return ctx.db.transaction(async (tx) => {
    const [e] = await tx.query<{ id: number }>('SELECT id FROM employer WHERE id = $1', [employerId]);
    if (!e) throw notFound('Arbejdsgiveren');
    const [row] = await tx.query<{ id: number }>(
      'INSERT INTO employer_contact (employer_id, name, role, phone, email, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [employerId, input.name, input.role ?? null, input.phone ?? null, input.email ?? null, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'employer-contact', entityId: row.id, details: { employerId } });
    return { id: row.id };
  });
}

/** A contact with the employer, about one of its cases (the caller's team) or about the employer in general. */
export function addLogEntry(ctx: Ctx, employerId: number, input: E.AddLogInput) {
  require(ctx.actor, 'case:write');
  return ctx.db.transaction(async (tx) => {
    const [e] = await tx.query<{ id: number }>('SELECT id FROM employer WHERE id = $1', [employerId]);
    if (!e) throw notFound('Arbejdsgiveren');
    let citizenId: number | null = null;
    if (input.caseId != null) {
      const state = await loadCase(tx, input.caseId).catch(() => { throw invalidField('caseId', `Sag ${input.caseId} findes ikke`); });
      requireCaseAccess(ctx.actor, 'case:write', state);
      if (state.employerId !== employerId) throw invalidField('caseId', 'Sagen har en anden arbejdsgiver');
      citizenId = state.citizenId;
    }
    const [row] = await tx.query<{ id: number }>(
      'INSERT INTO employer_contact_log (employer_id, case_id, at, channel, summary, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [employerId, input.caseId ?? null, ctx.now, input.channel, input.summary, ctx.actor.id]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'employer-contact-log', entityId: row.id, citizenId, details: { employerId, caseId: input.caseId ?? null, channel: input.channel } });
    return { id: row.id };
  });
}

/**
 * The case's employer with its contacts and the contact log about this case. Analysts see the employer (name, CVR,
 * industry) but no contact persons and no log text.
 */
export function getCaseEmployer(ctx: Ctx, caseId: number) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:read', state);
    const identify = can(ctx.actor, 'citizen:identify');
    const [e] = state.employerId ? (await tx.query<SummaryRow>(`${SUMMARY} WHERE e.id = $1`, [state.employerId])).map(withIndustryName) : [];
    const rows = await tx.query<LogRow>(`${LOG} WHERE l.case_id = $1 ORDER BY l.at DESC, l.id DESC`, [caseId]);
    await auditAs(ctx, tx, { operation: 'read', entity: 'employer-contact-log', entityId: caseId, citizenId: state.citizenId, details: { view: 'case', entries: rows.length } });
    return {
      caseId,
      employer: e ?? null,
      contacts: e && identify ? await contactsOf(tx, e.id) : [],
      log: rows.map(({ citizenId: _c, teamId: _t, ...r }) => ({ ...r, at: new Date(r.at).toISOString(), summary: identify ? r.summary : HIDDEN })),
    };
  });
}

/**
 * Employers and industries with the most new cases (first absence day in [from, to]) — the list to call for the
 * early effort. Team leaders and managers (case:assign) get the employers with their contact person and phone;
 * analysts only industries (no contact details). Team leaders count their own team's cases, managers and analysts
 * the municipality's. Counts only: no citizen is read, so nothing is audited.
 */
export function earlyEffort(ctx: Ctx, p: { from: string; to: string; limit?: number }) {
  require(ctx.actor, 'rules:preview');
  require(ctx.actor, 'case:read');
  const team = seesAllTeams(ctx.actor) ? null : ctx.actor.teamId ?? -1;
  const limit = p.limit ?? 10;
  const withEmployers = can(ctx.actor, 'case:assign');
  return ctx.db.transaction(async (tx) => {
    const scope = `c.first_absence_day BETWEEN $1 AND $2 AND c.employer_id IS NOT NULL AND ($3::int IS NULL OR c.team_id = $3)`;
    const industries = (await tx.query<{ industryCode: string | null; industryVersion: string | null; importedIndustryName: string | null; newCases: number; employers: number }>(
      `SELECT i.*, ${importedIndustryName('i', '"industryCode"', '"industryVersion"')}
         FROM (SELECT e.industry_code AS "industryCode", e.industry_version AS "industryVersion", count(*)::int AS "newCases", count(DISTINCT e.id)::int AS employers
                 FROM sb_case c JOIN employer e ON e.id = c.employer_id WHERE ${scope}
                GROUP BY 1, 2 ORDER BY 3 DESC, 1 NULLS LAST, 2 LIMIT ${limit}) i
        ORDER BY i."newCases" DESC, i."industryCode" NULLS LAST, i."industryVersion"`, [p.from, p.to, team])).map(withIndustryName);
    const employers = withEmployers
      ? (await tx.query<{ id: number; name: string; cvr: string; isMunicipality: boolean; sizeBand: string | null; industryCode: string | null; industryVersion: string | null; importedIndustryName: string | null; newCases: number; contactName: string | null; contactRole: string | null; phone: string | null; email: string | null }>(
        `SELECT e.id, e.name, e.cvr, e.is_municipality AS "isMunicipality", e.size_band AS "sizeBand", e.industry_code AS "industryCode",
                e.industry_version AS "industryVersion", ${importedIndustryName('e')}, n."newCases",
                k.name AS "contactName", k.role AS "contactRole", k.phone, k.email
           FROM (SELECT c.employer_id, count(*)::int AS "newCases" FROM sb_case c WHERE ${scope} GROUP BY 1) n
           JOIN employer e ON e.id = n.employer_id
           LEFT JOIN LATERAL (SELECT name, role, phone, email FROM employer_contact WHERE employer_id = e.id ORDER BY id LIMIT 1) k ON true
          ORDER BY n."newCases" DESC, e.name, e.id LIMIT ${limit}`, [p.from, p.to, team])).map(withIndustryName)
      : null;
    return { from: p.from, to: p.to, scope: team === null ? 'municipality' : 'team', industries, employers };
  });
}
