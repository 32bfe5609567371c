/**
 * Benefit history (issue 10, slice D): the CSV import of citizens' benefit periods and the screening of a case at
 * intake for target group 4 (Copenhagen seed 003). The file format and the rule are documented in
 * domain/benefitHistory.ts. Periods live in their own table keyed by citizen (migration 014), not as case actions, so an
 * import never makes a caseworker's open edit stale. Accepting the proposal is the ordinary facts change
 * (`PATCH /api/cases/:id` with `changes.targetGroup = 4`), so the case's history says who decided and when.
 */
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import { policyInForce } from './plans.ts';
import type { Queryable } from '../db/engine.ts';
import { loadCase } from '../db/caseStore.ts';
import { can, requireCaseAccess } from '../domain/permissions.ts';
import { forbidden } from '../domain/errors.ts';
import * as B from '../domain/benefitHistory.ts';

export interface ImportResult {
  /** Data lines in the file. */
  lines: number;
  /** New periods stored. */
  imported: number;
  /** Stored periods whose end day or source the file changed. */
  updated: number;
  /** Lines that matched a stored period exactly. */
  unchanged: number;
  /** Distinct CPR numbers with no citizen in retur: skipped, not stored. */
  unknownCitizens: number;
  /** Lines skipped because their citizen is unknown. */
  unknownCitizenLines: number;
  /** Citizens whose history the file held (known ones). */
  citizens: number;
  /** Empty when the file was imported; otherwise nothing was. */
  errors: B.CsvError[];
  /** All errors, also those beyond the listed ones. */
  errorCount: number;
}

const empty = (lines: number, errors: B.CsvError[]): ImportResult => ({
  lines, imported: 0, updated: 0, unchanged: 0, unknownCitizens: 0, unknownCitizenLines: 0, citizens: 0,
  errors: errors.slice(0, B.MAX_LISTED_ERRORS), errorCount: errors.length,
});

/** Rows per statement: 7 parameters each, well under PostgreSQL's 65,535. */
const CHUNK = 2000;

/**
 * Imports a file, all or nothing. The history is municipal data about citizens of every team, so the caller needs
 * both case:write and citizen:identify (caseworkers and team leaders); no team check. One transaction: either every
 * valid line is stored or, when any line is bad, none (the result lists the errors). One audit entry per citizen the
 * file held, plus one for the import as a whole; no CPR number in either.
 */
export async function importBenefitHistory(ctx: Ctx, csv: string): Promise<ImportResult> {
  if (!can(ctx.actor, 'case:write') || !can(ctx.actor, 'citizen:identify')) throw forbidden();
  const parsed = B.parseBenefitCsv(csv, ctx.today);
  if (parsed.errors.length) return empty(parsed.lines, parsed.errors);
  return ctx.db.transaction(async (tx) => {
    const cprs = [...new Set(parsed.periods.map((p) => p.cpr))];
    const citizens = new Map<string, number>();
    for (let i = 0; i < cprs.length; i += 10_000) {
      const rows = await tx.query<{ id: number; cpr: string }>(
        'SELECT id, cpr FROM citizen WHERE cpr = ANY($1::text[]) AND anonymised_at IS NULL', [cprs.slice(i, i + 10_000)]);
      for (const r of rows) citizens.set(r.cpr, r.id);
    }
    const known = parsed.periods.filter((p) => citizens.has(p.cpr));
    const unknownCprs = new Set(parsed.periods.filter((p) => !citizens.has(p.cpr)).map((p) => p.cpr));
    const perCitizen = new Map<number, { imported: number; updated: number; unchanged: number }>();
    for (const p of known) {
      const id = citizens.get(p.cpr)!;
      const c = perCitizen.get(id) ?? { imported: 0, updated: 0, unchanged: 0 };
      c.unchanged++; // every line counts as unchanged until the database says it wrote it
      perCitizen.set(id, c);
    }
    for (let i = 0; i < known.length; i += CHUNK) {
      const part = known.slice(i, i + CHUNK);
      const params: unknown[] = [];
      const values = part.map((p) => {
        params.push(citizens.get(p.cpr), p.kind, p.from, p.to, p.source, ctx.actor.id, ctx.now);
        const b = params.length - 7;
        return `($${b + 1}::int, $${b + 2}, $${b + 3}::date, $${b + 4}::date, $${b + 5}, $${b + 6}::int, $${b + 7}::timestamptz)`;
      });
      // Insert new periods; update a stored one only when the end day or the source differ, so an unchanged line
      // writes nothing. `xmax = 0` tells an inserted row from an updated one; a row not returned was unchanged.
      const written = await tx.query<{ citizen_id: number; inserted: boolean }>(
        `INSERT INTO benefit_period (citizen_id, kind, starts_on, ends_on, source, imported_by, imported_at)
         VALUES ${values.join(', ')}
         ON CONFLICT (citizen_id, kind, starts_on) DO UPDATE
           SET ends_on = EXCLUDED.ends_on, source = EXCLUDED.source, updated_at = EXCLUDED.imported_at
         WHERE (benefit_period.ends_on, benefit_period.source) IS DISTINCT FROM (EXCLUDED.ends_on, EXCLUDED.source)
         RETURNING citizen_id, (xmax = 0) AS inserted`, params);
      for (const w of written) {
        const c = perCitizen.get(w.citizen_id)!;
        if (w.inserted) c.imported++; else c.updated++;
        c.unchanged--;
      }
    }
    const total = { imported: 0, updated: 0, unchanged: 0 };
    for (const c of perCitizen.values()) { total.imported += c.imported; total.updated += c.updated; total.unchanged += c.unchanged; }
    const result: ImportResult = {
      lines: parsed.lines, ...total, unknownCitizens: unknownCprs.size, unknownCitizenLines: parsed.periods.length - known.length,
      citizens: perCitizen.size, errors: [], errorCount: 0,
    };
    await auditAs(ctx, tx, [
      { operation: 'write', entity: 'benefit-history-import', entityId: null, citizenId: null,
        details: { lines: result.lines, imported: result.imported, updated: result.updated, unchanged: result.unchanged, unknownCitizens: result.unknownCitizens, citizens: result.citizens } },
      ...[...perCitizen].map(([citizenId, c]) => ({ operation: 'write' as const, entity: 'benefit-history', entityId: citizenId, citizenId, details: c })),
    ]);
    return result;
  });
}

export interface PeriodView {
  id: number;
  kind: B.BenefitKind;
  from: string;
  to: string | null;
  source: string | null;
}

export async function loadHistory(q: Queryable, citizenId: number): Promise<PeriodView[]> {
  return q.query<PeriodView>(
    `SELECT id, kind, to_char(starts_on, 'YYYY-MM-DD') AS "from", to_char(ends_on, 'YYYY-MM-DD') AS "to", source
       FROM benefit_period WHERE citizen_id = $1 ORDER BY starts_on, kind, id`, [citizenId]);
}

export interface CaseBenefitHistory {
  caseId: number;
  /** The case's version and target group, so the page can accept the proposal through PATCH /api/cases/:id. */
  caseVersion: number;
  targetGroup: number | null;
  /** The day screened from: the case's first absence day. */
  asOf: string;
  /** The case's own sickness spell, counted as a sickness-benefit period (first absence day to exit day or running). */
  caseSpell: { kind: 'sickness_benefit'; from: string; to: string | null };
  periods: PeriodView[];
  settings: B.BenefitScreening;
  windowFrom: string;
  windowTo: string;
  shifts: number;
  shiftDates: string[];
  flagged: boolean;
  proposal: { targetGroup: 4; reason: string } | null;
}

/**
 * The case's benefit history and its screening. Every role that reads the case sees it (the periods carry no CPR
 * number or name; analysts see the case pseudonymised anyway); the read is audited against the citizen.
 */
export function caseBenefitHistory(ctx: Ctx, caseId: number): Promise<CaseBenefitHistory> {
  return ctx.db.transaction(async (tx) => {
    const c = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:read', c);
    const periods = await loadHistory(tx, c.citizenId);
    const settings = B.screeningSettings(await policyInForce(tx, ctx.today));
    const s = B.screenCase(periods, c, settings);
    await auditAs(ctx, tx, { operation: 'read', entity: 'benefit-history', entityId: caseId, citizenId: c.citizenId, details: { periods: periods.length, shifts: s.shifts, flagged: s.flagged } });
    return {
      caseId, caseVersion: c.version, targetGroup: c.targetGroup, asOf: c.firstAbsenceDay,
      caseSpell: { kind: 'sickness_benefit', from: c.firstAbsenceDay, to: c.exitDate },
      periods, settings, windowFrom: s.windowFrom, windowTo: s.windowTo, shifts: s.shifts, shiftDates: s.shiftDates,
      flagged: s.flagged, proposal: s.proposal,
    };
  });
}
