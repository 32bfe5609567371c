import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { startTestApp, engineName, type TestApp } from '../helpers.ts';
import { addDays } from '../../src/domain/dates.ts';
import { DEFAULT_POLICY } from '../../src/rules/policy.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

async function as(user: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  return t.app.inject({ method, url, payload: payload as object, headers: { cookie: await t.login(user) } });
}
const kinds = (plan: { deadlines: { kind: string }[] }) => Object.fromEntries(plan.deadlines.map((d) => [d.kind, d])) as Record<string, Record<string, unknown>>;

describe(`rules over HTTP (${engineName})`, () => {
  it('plans the worked example of legal-rules.md 7.3', async () => {
    const res = await as('mette', 'POST', '/api/rules/plan', { firstAbsenceDay: '2026-01-05', employment: 'employed', informationFormSent: '2026-02-09' });
    expect(res.statusCode).toBe(200);
    const d = kinds(res.json());
    expect(d['first-follow-up']).toMatchObject({ legalDate: '2026-03-01', due: '2026-02-27', source: 'SDL § 13 b, stk. 1' });
    expect(d.reassessment).toMatchObject({ legalDate: '2026-07-31' });
  });

  it('answers dispatch dates and answer deadlines, and names a bad field', async () => {
    expect((await as('mette', 'GET', '/api/rules/dispatch-date?date=2026-11-20')).json()).toEqual({ date: '2026-11-23' });
    expect((await as('mette', 'GET', '/api/rules/answer-due?channel=phone&received=2026-12-23')).json()).toEqual({ due: '2026-12-29' });
    const bad = await as('mette', 'GET', '/api/rules/answer-due?channel=fax&received=2026-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['channel', 'received']);
  });

  it('the CLI gives the same answers as the API (the contract for scripts)', async () => {
    const facts = { firstAbsenceDay: '2026-01-05', employment: 'employed', fastTrack: { requestedBy: 'employer', requested: '2026-01-20', letterSent: '2026-01-21' } };
    const cli = JSON.parse(execFileSync('node', ['bin/retur.js', 'rules', 'plan', '--input', '-', '--as-of', t.today], { input: JSON.stringify(facts), env: { ...process.env, DATABASE_URL: '' } }).toString());
    const api = (await as('mette', 'POST', '/api/rules/plan', facts)).json();
    expect(Object.keys(cli)).toEqual(['ruleSet', 'deadlines', 'issues']);
    expect(cli.deadlines).toEqual(api.deadlines);
    expect(JSON.parse(execFileSync('node', ['bin/retur.js', 'rules', 'dispatch-date', '2026-12-23'], { env: { ...process.env, DATABASE_URL: '' } }).toString())).toEqual({ date: '2026-12-28' });
    expect(JSON.parse(execFileSync('node', ['bin/retur.js', 'rules', 'answer-due', '--channel', 'email', '--received', '2026-03-30'], { env: { ...process.env, DATABASE_URL: '' } }).toString())).toEqual({ due: '2026-04-16' });
  });

  it('stores the plan with the case and recomputes it when the facts change', async () => {
    const D = addDays(t.today, -20);
    const created = (await as('mette', 'POST', '/api/cases', {
      citizen: { cpr: '1212124123', name: 'Plan Testesen' }, kind: 'sickness_benefit', firstAbsenceDay: D, employment: 'employed', sickLeave: 'full',
      employer: { cvr: '29403473', name: 'Fjordby Plejecenter' },
    })).json();
    let view = (await as('mette', 'GET', `/api/cases/${created.id}`)).json();
    expect(kinds(view.plan)['first-follow-up']).toMatchObject({ legalDate: addDays(D, 55), status: 'open' });
    const requested = addDays(D, 10);
    const edited = await as('mette', 'PATCH', `/api/cases/${created.id}`, { version: 1, changes: { fastTrack: true, fastTrackRequestedBy: 'employer', fastTrackRequested: requested } });
    expect(edited.statusCode).toBe(200);
    view = (await as('mette', 'GET', `/api/cases/${created.id}`)).json();
    expect(kinds(view.plan)['first-follow-up']).toMatchObject({ legalDate: addDays(requested, 14), ruleId: 'T-10' });
  });

  it('a caseworker moves a deadline with a reason: the legal date stays and the timeline records it', async () => {
    const [c] = await t.db.query<{ id: number; version: number; legal: string; due: string }>(
      `SELECT c.id, c.version, d.legal_date AS legal, d.due FROM sb_case c JOIN case_deadline d ON d.case_id = c.id AND d.kind = 'first-follow-up' AND d.status = 'open'
        JOIN app_user u ON u.username = 'mette' AND u.team_id = c.team_id WHERE c.status = 'open' ORDER BY c.id LIMIT 1`);
    const to = addDays(c.due, -3);
    const noReason = await as('mette', 'POST', `/api/cases/${c.id}/deadlines/first-follow-up/adjust`, { version: c.version, due: to, reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('reason');
    const ok = await as('mette', 'POST', `/api/cases/${c.id}/deadlines/first-follow-up/adjust`, { version: c.version, due: to, reason: 'Borgeren er indlagt i uge 8' });
    expect(ok.statusCode).toBe(200);
    const view = (await as('mette', 'GET', `/api/cases/${c.id}`)).json();
    expect(kinds(view.plan)['first-follow-up']).toMatchObject({ legalDate: c.legal, computedDue: c.due, due: to, adjustReason: 'Borgeren er indlagt i uge 8', adjustedBy: 'Mette Sagsbehandler' });
    expect(view.actions.at(-1).payload).toMatchObject({ type: 'deadline-adjusted', kind: 'first-follow-up', legalDate: c.legal, from: c.due, to });
    const stale = await as('mette', 'POST', `/api/cases/${c.id}/deadlines/first-follow-up/adjust`, { version: c.version, due: null, reason: 'tilbage' });
    expect(stale.statusCode).toBe(409);
    // Reports can count overrides.
    const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM case_deadline WHERE adjusted_due IS NOT NULL');
    expect(n).toBeGreaterThanOrEqual(1);
  });

  it('an adjustment lapses when the legal date moves', async () => {
    const [c] = await t.db.query<{ id: number; version: number; due: string; first: string }>(
      `SELECT c.id, c.version, d.due, c.first_absence_day AS first FROM sb_case c JOIN case_deadline d ON d.case_id = c.id AND d.kind = 'first-follow-up' AND d.status = 'open'
        JOIN app_user u ON u.username = 'mette' AND u.team_id = c.team_id WHERE c.status = 'open' AND d.adjusted_due IS NULL AND d.rule_id = 'F-1' ORDER BY c.id DESC LIMIT 1`);
    await as('mette', 'POST', `/api/cases/${c.id}/deadlines/first-follow-up/adjust`, { version: c.version, due: addDays(c.due, -1), reason: 'Ferie' });
    const patched = await as('mette', 'PATCH', `/api/cases/${c.id}`, { version: c.version + 1, changes: { firstAbsenceDay: addDays(c.first, -1) } });
    expect(patched.statusCode, patched.body).toBe(200);
    const view = (await as('mette', 'GET', `/api/cases/${c.id}`)).json();
    expect(kinds(view.plan)['first-follow-up'], JSON.stringify(view.case)).toMatchObject({ adjustedDue: null });
  });

  it('only an administrator changes policy; it is audited, validated, and today\'s plans follow at once', async () => {
    const policy = { ...DEFAULT_POLICY, closedDays: [...DEFAULT_POLICY.closedDays, 'friday-after-ascension'], answerDeadlines: { ...DEFAULT_POLICY.answerDeadlines, phone: 1 } };
    expect((await as('lars', 'POST', '/api/rules/policy', { effectiveFrom: t.today, policy, reason: 'Byrådsbeslutning' })).statusCode).toBe(403);
    const bad = await as('henrik', 'POST', '/api/rules/policy', { effectiveFrom: t.today, policy: { ...policy, answerDeadlines: { ...policy.answerDeadlines, email: 0 } }, reason: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['policy.answerDeadlines.email', 'reason']));
    const ok = await as('henrik', 'POST', '/api/rules/policy', { effectiveFrom: t.today, policy, reason: 'Byrådsbeslutning om svarfrister' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().recomputed.cases).toBeGreaterThan(100);
    expect((await as('mette', 'GET', `/api/rules/answer-due?channel=phone&received=${t.today}`)).json().due > t.today).toBe(true);
    const catalogue = (await as('anne', 'GET', '/api/rules')).json();
    expect(catalogue.policy.answerDeadlines.phone).toBe(1);
    expect(catalogue.policyVersions[0].reason).toBe('Byrådsbeslutning om svarfrister');
    expect(catalogue.rules.find((r: { id: string }) => r.id === 'F-40')).toMatchObject({ confidence: 'L', unverified: true, interpretation: 'exemption-26-weeks' });
    const [{ n }] = await t.db.query<{ n: number }>("SELECT count(*) AS n FROM audit_entry WHERE entity = 'policy' AND operation = 'write'");
    expect(n).toBe(1);
  });

  it('previews which open cases the rule set of 1 January 2027 moves', async () => {
    const res = await as('lars', 'POST', '/api/rules/preview', { ruleSet: 'RS-2027' });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.asOf).toBe(t.today < '2027-01-01' ? '2027-01-01' : t.today);
    expect(p.casesAffected).toBeGreaterThan(0);
    // Reassessments after 1 January 2027 come under RS-2027 (reduced rate instead of job clarification).
    const moved = p.changes.filter((c: { kind: string; to: { ruleSet: string } | null }) => c.kind === 'reassessment' && c.to?.ruleSet === 'RS-2027');
    expect(moved.length).toBeGreaterThan(0);
    for (const c of moved) expect(c.from.ruleSet).not.toBe('RS-2027');
    expect((await as('mette', 'POST', '/api/rules/preview', { ruleSet: 'RS-2027' })).statusCode).toBe(403);
  });
});
