/**
 * The letter template library: list, read, save a new version (administrators, policy:write), and preview a body.
 * Every version is kept (a sent letter will name the version it used); the shipped templates are seeded into an empty
 * library on first use, in one transaction, so the app needs no seed step.
 */
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import type { Queryable } from '../db/engine.ts';
import { loadCase } from '../db/caseStore.ts';
import { require as requirePermission, requireCaseAccess, can } from '../domain/permissions.ts';
import { forbidden, invalidField, notFound } from '../domain/errors.ts';
import { readability } from '../domain/readability.ts';
import type { IsoDate } from '../domain/dates.ts';
import { mergeModel, renderLetter, unknownFields, SAMPLE_MODEL, type MergeModel } from '../letters/templates.ts';
import { SHIPPED_TEMPLATES, type LetterKind } from '../letters/shipped.ts';
import type { StoredMinutes } from '../domain/minutes.ts';
import { hearingAnswerDue } from '../rules/letters.ts';
import { policyInForce } from './plans.ts';

export interface TemplateSummary { id: string; name: string; kind: LetterKind; version: number; lix: number }

/**
 * Puts the shipped templates into a database that has none of them (at `retur start` and in the demo seed, never on a
 * read). Idempotent: ON CONFLICT leaves templates, and versions a municipality has written, as they are.
 */
export async function installShippedTemplates(tx: Queryable, now: Date) {
  for (const t of SHIPPED_TEMPLATES) {
    await tx.query('INSERT INTO letter_template (id, name, kind) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [t.id, t.name, t.kind]);
    await tx.query(
      `INSERT INTO letter_template_version (template_id, version, body, created_by, created_at, reason)
       VALUES ($1, 1, $2, NULL, $3, 'Skabelon leveret med retur') ON CONFLICT DO NOTHING`, [t.id, t.body, now]);
  }
}

/** LIX of a body as rendered on the sample case, so the list shows the text the citizen reads, not the merge syntax. */
function lixOf(body: string): number {
  try { return readability(renderLetter(body, SAMPLE_MODEL)).lix; } catch { return readability(body).lix; }
}

export async function listTemplates(ctx: Ctx): Promise<TemplateSummary[]> {
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string; name: string; kind: LetterKind; version: number; body: string }>(
      `SELECT t.id, t.name, t.kind, v.version, v.body FROM letter_template t
       JOIN letter_template_version v ON v.template_id = t.id
       WHERE v.version = (SELECT max(version) FROM letter_template_version WHERE template_id = t.id) ORDER BY t.id`);
    const order = new Map(SHIPPED_TEMPLATES.map((t, i) => [t.id, i]));
    return rows
      .sort((a, b) => (order.get(a.id) ?? 99) - (order.get(b.id) ?? 99))
      .map((r) => ({ id: r.id, name: r.name, kind: r.kind, version: Number(r.version), lix: lixOf(r.body) }));
  });
}

export async function getTemplate(ctx: Ctx, id: string) {
  return ctx.db.transaction(async (tx) => {
    const [t] = await tx.query<{ id: string; name: string; kind: LetterKind }>('SELECT id, name, kind FROM letter_template WHERE id = $1', [id]);
    if (!t) throw notFound('Brevskabelonen');
    const versions = await tx.query<{ version: number; body: string; createdBy: string | null; createdAt: Date; reason: string }>(
      `SELECT v.version, v.body, u.name AS "createdBy", v.created_at AS "createdAt", v.reason
       FROM letter_template_version v LEFT JOIN app_user u ON u.id = v.created_by WHERE v.template_id = $1 ORDER BY v.version DESC`, [id]);
    const latest = versions[0];
    const r = readability(renderLetter(latest.body, SAMPLE_MODEL));
    return {
      ...t, version: Number(latest.version), body: latest.body, lix: r.lix, longSentences: r.longSentences,
      versions: versions.map((v) => ({ ...v, version: Number(v.version), createdAt: new Date(v.createdAt).toISOString(), lix: lixOf(v.body) })),
    };
  });
}

/** A new version; the body must render on the sample case (no unknown field, no refused tag) before it is kept. */
export async function saveVersion(ctx: Ctx, id: string, input: { body: string; reason: string }) {
  requirePermission(ctx.actor, 'policy:write');
  renderLetter(input.body, SAMPLE_MODEL);
  return ctx.db.transaction(async (tx) => {
    const [t] = await tx.query<{ id: string }>('SELECT id FROM letter_template WHERE id = $1 FOR UPDATE', [id]);
    if (!t) throw notFound('Brevskabelonen');
    const [m] = await tx.query<{ v: number }>('SELECT max(version)::int AS v FROM letter_template_version WHERE template_id = $1', [id]);
    const version = Number(m.v) + 1;
    await tx.query(
      'INSERT INTO letter_template_version (template_id, version, body, created_by, created_at, reason) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, version, input.body, ctx.actor.id, ctx.now, input.reason]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'letter_template', entityId: id, details: { version, reason: input.reason } });
    return { id, version, lix: lixOf(input.body) };
  });
}

/**
 * The merge model of a real case: citizen, open deadlines, caseworker, next planned meeting, the minutes of the latest
 * held meeting, and the answer deadline an advance notice would give today. Audited as a read of the case with its
 * purpose ('letter-preview', 'letter').
 */
export async function letterModel(ctx: Ctx, tx: Queryable, caseId: number, purpose: string): Promise<{ model: MergeModel; citizenId: number; municipality: string }> {
  const c = await loadCase(tx, caseId);
  requireCaseAccess(ctx.actor, 'case:read', c);
  // Names in letters are personal data: only roles that may identify the citizen preview on a real case.
  if (!can(ctx.actor, 'citizen:identify')) throw forbidden('Din rolle må ikke se borgerens navn.', { entity: 'case', entityId: c.id, citizenId: c.citizenId });
  const [citizen] = await tx.query<{ name: string }>('SELECT name FROM citizen WHERE id = $1', [c.citizenId]);
  const [cw] = c.caseworkerId ? await tx.query<{ name: string }>('SELECT name FROM app_user WHERE id = $1', [c.caseworkerId]) : [];
  const deadlines = await tx.query<{ kind: string; due: string }>(
    `SELECT kind, to_char(COALESCE(adjusted_due, due), 'YYYY-MM-DD') AS due FROM case_deadline WHERE case_id = $1`, [caseId]);
  const [meeting] = await tx.query<{ date: string; form: string }>(
    `SELECT to_char(planned_for, 'YYYY-MM-DD') AS date, form FROM follow_up_meeting
     WHERE case_id = $1 AND status = 'planned' AND planned_for >= $2 ORDER BY planned_for LIMIT 1`, [caseId, ctx.today]);
  const [held] = await tx.query<{ date: string | null; form: string; minutes: StoredMinutes }>(
    `SELECT to_char(held_on, 'YYYY-MM-DD') AS date, form, minutes FROM follow_up_meeting
     WHERE case_id = $1 AND status = 'held' AND minutes IS NOT NULL ORDER BY held_on DESC, id DESC LIMIT 1`, [caseId]);
  const [mun] = await tx.query<{ name: string }>('SELECT name FROM municipality ORDER BY code LIMIT 1');
  const municipality = mun?.name ?? 'Kommunen';
  await auditAs(ctx, tx, { operation: 'read', entity: 'case', entityId: caseId, citizenId: c.citizenId, details: { purpose } });
  const model = mergeModel({
    citizen: { name: citizen.name }, caseId, firstAbsenceDay: String(c.firstAbsenceDay).slice(0, 10) as IsoDate, fastTrack: Boolean(c.fastTrack),
    deadlines: Object.fromEntries(deadlines.map((d) => [d.kind, d.due as IsoDate])),
    caseworker: cw ? { name: cw.name } : null, nextMeeting: meeting ? { date: meeting.date as IsoDate, form: meeting.form } : null,
    lastMinutes: held ? { date: held.date as IsoDate | null, form: held.form, agreed: held.minutes.agreed, nextSteps: held.minutes.nextSteps, nextMeeting: held.minutes.nextMeeting } : null,
    municipality, today: ctx.today, answerDue: hearingAnswerDue(ctx.today, await policyInForce(tx, ctx.today)),
  });
  return { model, citizenId: c.citizenId, municipality };
}

/**
 * Renders a body for the editor. With a caseId the case's own data is used (case:read roles on their cases); without
 * one, the built-in sample citizen (administrators, who may not read cases). Unknown fields are listed, not thrown,
 * so the editor can mark them while the administrator types; a refused tag or a syntax error is still a 400.
 */
export async function previewTemplate(ctx: Ctx, input: { body: string; caseId?: number }) {
  if (input.caseId === undefined && !can(ctx.actor, 'policy:write') && !can(ctx.actor, 'case:read')) throw forbidden();
  const model = input.caseId === undefined ? SAMPLE_MODEL : (await ctx.db.transaction((tx) => letterModel(ctx, tx, input.caseId!, 'letter-preview'))).model;
  const unknown = unknownFields(input.body, model);
  if (unknown.length) {
    const r = readability(input.body);
    return { text: null, lix: r.lix, longSentences: r.longSentences, unknownFields: unknown };
  }
  const text = renderLetter(input.body, model);
  const r = readability(text);
  return { text, lix: r.lix, longSentences: r.longSentences, unknownFields: [] as string[] };
}

export const requireTemplateId = (id: string) => {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(id)) throw invalidField('templateId', 'Ukendt skabelon');
  return id;
};
