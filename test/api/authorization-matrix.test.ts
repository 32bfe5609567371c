/**
 * The authorization matrix: every route in /api/openapi.json, called without a session and as each of the five
 * roles, against the policy declared below. A route that is not in POLICY fails the run: a new route cannot ship
 * without someone saying who may use it. The requests are chosen so that nothing is written (a stale version, an
 * invalid value, a task that does not exist), and a fingerprint of every data table proves it.
 *
 * The policy mirrors GRANTS in src/domain/permissions.ts and the `config` of each route in src/api/*.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, engineName } from '../helpers.ts';
import { appRoutes, fillPath, operationsOf, toFastifyPath, type OpenApiDoc, type Operation } from '../fuzz/openapi.ts';
import { changedTables, dataFingerprint, type Fingerprint } from '../fuzz/fingerprint.ts';

type Role = 'caseworker' | 'team_leader' | 'manager' | 'analyst' | 'administrator';
/** The demo user holding each role (src/demo/seed.ts); mette and lars are in Team Nord. */
const USER_OF: Record<Role, string> = { caseworker: 'mette', team_leader: 'lars', manager: 'maria', analyst: 'anne', administrator: 'henrik' };
const ROLES = Object.keys(USER_OF) as Role[];

// Who holds which permission (src/domain/permissions.ts).
const ANY_ROLE: Role[] = ROLES; // config.anyRole: the rules calculators
const CASE_READ: Role[] = ['caseworker', 'team_leader', 'manager', 'analyst']; // analysts pseudonymised
const CASE_WRITE: Role[] = ['caseworker', 'team_leader'];
const CASE_ASSIGN: Role[] = ['team_leader', 'manager']; // caseworkers move no cases
const CITIZEN_IDENTIFY: Role[] = ['caseworker', 'team_leader', 'manager'];
const USERS_READ: Role[] = ['caseworker', 'team_leader', 'manager', 'administrator'];
const RULES_PREVIEW: Role[] = ['team_leader', 'manager', 'analyst', 'administrator'];
const AUDIT_READ: Role[] = ['administrator'];
const POLICY_WRITE: Role[] = ['administrator'];
const PRIVACY_ADMIN: Role[] = ['administrator'];
const ANALYTICS_READ: Role[] = ['team_leader', 'manager', 'analyst']; // pseudonymised figures
const ANALYTICS_MANAGE: Role[] = ['manager', 'analyst']; // benchmark files, trials
void [ANALYTICS_READ, ANALYTICS_MANAGE]; // TEMP until the analytics routes have their lines

interface Fixtures { nordCase: number; nordTask: number; sydCase: number; sydTask: number; metteId: number }

interface Rule {
  /** Anyone, logged in or not (config.public). */
  public?: true;
  /** What a public route answers a caller without a session, where that is a refusal by design (/api/auth/me). */
  anonymousStatus?: number;
  /** The roles that may call it; every other role must get 403. */
  roles?: Role[];
  query?: (f: Fixtures) => Record<string, string>;
  /** A body that cannot change data even when let in (stale version 999, an invalid value). */
  body?: (f: Fixtures) => unknown;
  /** For the cross-team check: a body valid in every respect but the version, so only the team check can stop it. */
  crossTeamBody?: (f: Fixtures) => unknown;
  /** The route ends the session it is called with: give it a fresh one each time. */
  consumesSession?: true;
}

const stale = 999;
/**
 * Route → who may use it. Keys are 'METHOD /path' exactly as in /api/openapi.json. A new route needs a line here.
 */
const POLICY: Record<string, Rule> = {
  'GET /api/health': { public: true },
  'POST /api/auth/login': { public: true, body: () => ({}) },
  'POST /api/auth/logout': { public: true, consumesSession: true },
  'GET /api/auth/me': { public: true, anonymousStatus: 401 },
  'GET /api/auth/oidc': { public: true },
  'GET /api/auth/oidc/login': { public: true },
  'GET /api/auth/oidc/callback': { public: true },

  'GET /api/cases': { roles: CASE_READ, query: () => ({ limit: '5' }) },
  'POST /api/cases/search': { roles: CASE_READ, body: () => ({ status: 'open', limit: 5 }) },
  'POST /api/cases': { roles: CASE_WRITE, body: () => ({}) },
  'GET /api/cases/{id}': { roles: CASE_READ },
  'PATCH /api/cases/{id}': { roles: CASE_WRITE, body: () => ({ version: stale, changes: { standby: true } }) },
  'POST /api/cases/{id}/assign': { roles: CASE_ASSIGN, body: (f) => ({ version: stale, caseworkerId: f.metteId, reason: 'adgangstest' }) },
  'POST /api/cases/{id}/close': { roles: CASE_WRITE, body: () => ({ version: stale, exitDate: '2026-01-05', exitReason: 'moved' }) },
  'POST /api/cases/{id}/reopen': { roles: CASE_WRITE, body: () => ({ version: stale, reason: 'adgangstest' }) },
  'POST /api/cases/bulk-assign': { roles: CASE_ASSIGN, body: () => ({ cases: [] }) },
  'POST /api/cases/{id}/deadlines/{kind}/adjust': { roles: CASE_WRITE, body: () => ({ version: stale, due: null, reason: 'adgangstest' }) },
  'POST /api/cases/{id}/meetings': { roles: CASE_WRITE, body: () => ({ version: stale, plannedFor: '2026-03-02', time: '10:00', form: 'phone' }) },
  'POST /api/cases/{id}/meetings/record': { roles: CASE_WRITE, body: () => ({ version: stale, heldOn: '2026-03-02', form: 'phone', attendance: 'attended' }) },
  'POST /api/cases/{id}/tasks': { roles: CASE_WRITE, body: () => ({ title: 'x', due: 'nope' }), crossTeamBody: () => ({ title: 'Adgangstest', due: '2026-03-02' }) },
  'POST /api/cases/{id}/tasks/{taskId}/complete': { roles: CASE_WRITE },
  'POST /api/cases/{id}/meetings/{meetingId}/rebook': { roles: CASE_WRITE, body: () => ({ version: stale, plannedFor: '2026-03-02', time: '10:00', reason: 'adgangstest' }) },
  'POST /api/cases/{id}/meetings/{meetingId}/cancel': { roles: CASE_WRITE, body: () => ({ version: stale, reason: 'adgangstest' }) },
  'POST /api/cases/{id}/sms-consent': { roles: CASE_WRITE, body: () => ({ optIn: 'ja' }), crossTeamBody: () => ({ optIn: true }) },
  'POST /api/cases/{id}/meetings/{meetingId}/minutes': { roles: CASE_WRITE, body: () => ({ version: stale, agreed: 'x', nextSteps: 'y' }) },
  'GET /api/cases/{id}/meetings/{meetingId}/minutes.pdf': { roles: ['caseworker', 'team_leader'] }, // manager and analyst: 403 by the health rule
  'POST /api/cases/{id}/return-to-work': { roles: CASE_WRITE, body: () => ({ version: stale, startsOn: '2026-03-02', endsOn: '2026-03-30', steps: [{ from: '2026-03-02', hoursPerWeek: 10 }] }) },
  'GET /api/cases/{id}/return-to-work': { roles: CASE_READ },
  'GET /api/calendar/working-hours': { roles: CASE_WRITE },
  'PUT /api/calendar/working-hours': { roles: CASE_WRITE, body: () => ({ days: 'ingen' }) },
  'GET /api/calendar/absences': { roles: CASE_WRITE },
  'POST /api/calendar/absences': { roles: CASE_WRITE, body: () => ({}) },
  'DELETE /api/calendar/absences/{absenceId}': { roles: CASE_WRITE },
  'GET /api/calendar/rooms': { roles: CASE_WRITE },
  'GET /api/calendar/agenda': { roles: CASE_WRITE },
  'GET /api/calendar/feed': { roles: CASE_WRITE },
  'POST /api/calendar/feed': { roles: CASE_WRITE, body: () => ({}) },
  'DELETE /api/calendar/feed': { roles: CASE_WRITE },
  'GET /api/calendar/feed/{token}.ics': { public: true },
  'GET /api/cases/{id}/meetings/slots': { roles: CASE_WRITE },
  'GET /api/cases/{id}/meetings/{meetingId}/invitation.ics': { roles: CASE_WRITE },
  'GET /api/group-sessions': { roles: CASE_READ },
  'POST /api/group-sessions': { roles: CASE_WRITE, body: () => ({ theme: 'stress', date: '2000-01-03', time: '10:00', videoLink: 'https://video.example.dk/x' }) },
  'GET /api/group-sessions/{sessionId}': { roles: CASE_READ },
  'GET /api/group-sessions/{sessionId}/candidates': { roles: CASE_WRITE },
  'POST /api/group-sessions/{sessionId}/invite': { roles: CASE_WRITE, body: () => ({ caseIds: [] }) },
  'POST /api/group-sessions/{sessionId}/attendance': { roles: CASE_WRITE, body: () => ({ participants: [] }) },
  'POST /api/group-sessions/{sessionId}/cancel': { roles: CASE_WRITE, body: () => ({ reason: '' }) },
  'GET /api/cases/{id}/messages': { roles: CASE_READ },
  'GET /api/admin/outbox': { roles: AUDIT_READ },
  'POST /api/integrations/sms/receipts': { public: true, body: () => ({}) },
  'POST /api/cases/{id}/inquiries': { roles: CASE_WRITE, body: () => ({ channel: 'fax', receivedAt: '2026-03-02', summary: 'adgangstest' }), crossTeamBody: () => ({ channel: 'phone', receivedAt: '2026-03-02', summary: 'adgangstest' }) },
  'GET /api/cases/{id}/inquiries': { roles: CASE_READ },
  'POST /api/inquiries/{id}/answer': { roles: CASE_WRITE, body: () => ({ answeredAt: 'x', text: 'adgangstest' }) },
  'GET /api/inquiries/compliance': { roles: ['team_leader', 'manager', 'analyst'], query: () => ({ from: '2026-01-01', to: '2026-12-31' }) },
  'GET /api/inquiries/sample': { roles: ['team_leader', 'manager', 'analyst'], query: () => ({ from: '2026-01-01', to: '2026-12-31', size: '5', seed: '1' }) },
  // Unmatched e-mail belongs to no team yet: every role that writes cases sees the queue.
  'GET /api/inbound-mail': { roles: CASE_WRITE },
  'POST /api/inbound-mail/{id}/assign': { roles: CASE_WRITE, body: () => ({ caseId: 0 }) },
  'POST /api/inbound-mail/{id}/discard': { roles: CASE_WRITE, body: () => ({ reason: '' }) },
  // The course overview names the citizen: analysts are refused in the use case.
  'GET /api/cases/{id}/course-overview': { roles: CITIZEN_IDENTIFY },
  'GET /api/cases/{id}/course-overview.pdf': { roles: CITIZEN_IDENTIFY },
  // Benefit history: the import is municipal data (roles that write cases and see CPR numbers).
  'POST /api/benefit-history/import': { roles: CASE_WRITE },
  'GET /api/cases/{id}/benefit-history': { roles: CASE_READ },
  // Pathways and interventions: the lists hold no personal data; {id} is a case on /api/cases routes, else a number that does not exist.
  'GET /api/pathways': { roles: ANY_ROLE },
  'GET /api/pathways/{id}/versions': { roles: ANY_ROLE },
  'POST /api/pathways/{id}': { roles: POLICY_WRITE, body: () => ({ basedOn: stale, reason: '' }) },
  'POST /api/cases/{id}/pathway': { roles: CASE_WRITE, body: () => ({ pathway: 9, version: stale }), crossTeamBody: () => ({ pathway: 1, version: stale }) },
  'GET /api/cases/{id}/pathway': { roles: CASE_READ },
  'GET /api/interventions/catalogue': { roles: ANY_ROLE },
  'POST /api/cases/{id}/interventions': { roles: CASE_WRITE, body: () => ({ packageId: 'x', start: '2026-03-02', end: '2026-03-01' }), crossTeamBody: () => ({ packageId: 1, start: '2026-03-02', end: '2026-03-30' }) },
  'GET /api/cases/{id}/interventions': { roles: CASE_READ },
  'POST /api/interventions/{id}/status': { roles: CASE_WRITE, body: () => ({ status: 'ukendt' }) },
  'POST /api/return-to-work/{id}/goal': { roles: CASE_WRITE, body: () => ({ goal: '', milestones: [] }) },
  'GET /api/analytics/activation': { roles: ['team_leader', 'manager', 'analyst'], query: () => ({ date: '2026-03-02' }) },
  // Employers and fast track: the register names contact persons (roles that may identify people).
  'GET /api/employers': { roles: CITIZEN_IDENTIFY, query: () => ({ q: 'a' }) },
  'GET /api/employers/{id}': { roles: CITIZEN_IDENTIFY },
  'POST /api/employers/{id}/contacts': { roles: CASE_WRITE, body: () => ({ name: '' }) },
  'POST /api/employers/{id}/log': { roles: CASE_WRITE, body: () => ({ channel: 'fax', summary: 'adgangstest' }) },
  'GET /api/cases/{id}/employer': { roles: CASE_READ },
  'GET /api/cases/{id}/fast-track': { roles: CASE_READ },
  'POST /api/cases/{id}/fast-track': { roles: CASE_WRITE, body: () => ({ requestedBy: 'employer', requested: '2026-03-02', version: stale }) },
  'POST /api/cases/{id}/fast-track/decline': { roles: CASE_WRITE, body: () => ({ reason: 'adgangstest', version: stale }) },
  'GET /api/analytics/fast-track': { roles: ['team_leader', 'manager', 'analyst'], query: () => ({ from: '2026-01-01', to: '2026-12-31' }) },
  'GET /api/analytics/early-effort': { roles: ['team_leader', 'manager', 'analyst'], query: () => ({ from: '2026-01-01', to: '2026-12-31' }) },
  // Complaints and appeals.
  'POST /api/cases/{id}/complaints': { roles: CASE_WRITE, body: () => ({ receivedOn: '2026-03-02', decisionType: 'whim', decisionOn: '2026-02-20', reason: 'assessment', summary: 'adgangstest' }), crossTeamBody: () => ({ receivedOn: '2026-03-02', decisionType: 'other', decisionOn: '2026-02-20', reason: 'assessment', summary: 'adgangstest' }) },
  'GET /api/cases/{id}/complaints': { roles: CASE_READ },
  'POST /api/complaints/{id}/reassessment': { roles: CASE_WRITE, body: () => ({ decidedOn: 'x', outcome: 'upheld' }) },
  'POST /api/complaints/{id}/board-result': { roles: CASE_WRITE, body: () => ({ receivedOn: 'x', result: 'confirmed' }) },
  'GET /api/analytics/complaints': { roles: ['team_leader', 'manager', 'analyst'], query: () => ({ from: '2026-01-01', to: '2026-12-31' }) },
  // Extensions (SDL § 27) and sanctions (SDL § 21). The crossTeamBody of an extension carries a stale version, so even
  // a wrongly admitted caller would write nothing; /api/extensions/{id} and /api/sanctions/{id} get an id no row has.
  'POST /api/cases/{id}/extensions': { roles: CASE_WRITE, body: () => ({ ground: 9, decidedOn: '2026-03-02' }), crossTeamBody: () => ({ ground: 5, decidedOn: '2026-03-02', basisMonthEnd: '2026-02-28', version: stale }) },
  'GET /api/cases/{id}/extensions': { roles: CASE_READ },
  'POST /api/extensions/{id}/end': { roles: CASE_WRITE, body: () => ({ endedOn: 'x', reason: 'decision' }) },
  'POST /api/cases/{id}/sanctions': { roles: CASE_WRITE, body: () => ({ failureKind: 'refused-treatment', failureOn: '2026-03-02' }), crossTeamBody: () => ({ failureKind: 'missed-meeting', failureOn: '2026-03-02' }) },
  'GET /api/cases/{id}/sanctions': { roles: CASE_READ },
  'POST /api/sanctions/{id}/hearing': { roles: CASE_WRITE, body: () => ({ sentOn: 'x' }) },
  'POST /api/sanctions/{id}/decision': { roles: CASE_WRITE, body: () => ({ decision: 'maybe', decidedOn: '2026-03-02' }) },
  'POST /api/sanctions/{id}/resume': { roles: CASE_WRITE, body: () => ({ resumedOn: 'x' }) },
  'GET /api/letter-templates': { roles: ANY_ROLE },
  'GET /api/letter-templates/{templateId}': { roles: ANY_ROLE },
  'POST /api/letter-templates/{templateId}/versions': { roles: POLICY_WRITE, body: () => ({ body: '', reason: '' }) },
  'POST /api/letter-templates/preview': { roles: ANY_ROLE, body: () => ({ body: 'Hej' }) },
  // Letters: {id} is a case for the case routes, and a letter that does not exist for the letter routes.
  'POST /api/cases/{id}/letters': { roles: CASE_WRITE, body: () => ({ template: 'Ukendt skabelon' }), crossTeamBody: () => ({ template: 'orientation' }) },
  'GET /api/cases/{id}/letters': { roles: CASE_READ },
  'POST /api/letters/{id}/approve': { roles: CASE_WRITE, body: () => ({ sendNowReason: '' }) },
  'POST /api/letters/{id}/send-now': { roles: CASE_WRITE, body: () => ({ reason: '' }) },
  'POST /api/letters/{id}/cancel': { roles: CASE_WRITE, body: () => ({ reason: '' }) },
  'GET /api/letters/{id}/pdf': { roles: CASE_READ },
  // The print batch is the municipality's (every team's paper letters): roles that write cases and see names.
  'GET /api/print-batches': { roles: CASE_WRITE },
  'POST /api/print-batches': { roles: CASE_WRITE },
  'GET /api/print-batches/{id}/pdf': { roles: CASE_WRITE },
  'POST /api/cases/{id}/notes': { roles: CASE_WRITE, body: () => ({ text: '' }), crossTeamBody: () => ({ text: 'Adgangstest' }) },

  'GET /api/worklist': { roles: CITIZEN_IDENTIFY },
  'GET /api/team/overview': { roles: CASE_ASSIGN },
  'GET /api/team/weekly': { roles: CASE_ASSIGN },
  'GET /api/team/weekly.csv': { roles: CASE_ASSIGN },
  'GET /api/team/weekly.xlsx': { roles: CASE_ASSIGN },
  // Unhandled events: {id} on the handle route is a case id, so the invalid note keeps any row unchanged.
  'POST /api/events/{id}/handle': { roles: CASE_WRITE, body: () => ({ note: 5 }) },
  'GET /api/cases/{id}/events': { roles: CASE_READ },
  'GET /api/team/unhandled': { roles: CASE_ASSIGN },

  'POST /api/rules/plan': { roles: ANY_ROLE, body: () => ({ firstAbsenceDay: '2026-01-05', employment: 'employed' }) },
  'GET /api/rules/dispatch-date': { roles: ANY_ROLE, query: () => ({ date: '2026-11-20' }) },
  'GET /api/rules/answer-due': { roles: ANY_ROLE, query: () => ({ channel: 'phone', received: '2026-11-20' }) },
  'GET /api/rules': { roles: ANY_ROLE },
  'POST /api/rules/policy': { roles: POLICY_WRITE, body: () => ({}) },
  'POST /api/rules/preview': { roles: RULES_PREVIEW, body: () => ({ ruleSet: 'ukendt' }) },

  'GET /api/users': { roles: USERS_READ },
  'POST /api/admin/audit/search': { roles: AUDIT_READ, body: () => ({ citizenId: 1 }) },
  'POST /api/admin/privacy/export': { roles: PRIVACY_ADMIN, body: () => ({ cpr: 'ikke-et-cpr' }) },
  'POST /api/admin/privacy/retention/preview': { roles: PRIVACY_ADMIN, body: () => ({ unexpected: true }) },
  'POST /api/admin/privacy/retention/apply': { roles: PRIVACY_ADMIN, body: () => ({}) },
};

const t = await startTestApp();
const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as OpenApiDoc;
const operations = operationsOf(doc);

let f: Fixtures;
let before: Fingerprint;
let checks = 0;
let crossTeamChecks = 0;

beforeAll(async () => {
  const teamCase = async (team: string) => (await t.db.query<{ case_id: number; task_id: number | null }>(
    `SELECT c.id AS case_id, (SELECT min(tk.id) FROM case_task tk WHERE tk.case_id = c.id) AS task_id
       FROM sb_case c JOIN team tm ON tm.id = c.team_id AND tm.name = $1
      WHERE c.status = 'open' ORDER BY (SELECT count(*) FROM case_task tk WHERE tk.case_id = c.id) DESC, c.id LIMIT 1`, [team]))[0];
  const nord = await teamCase('Team Nord');
  const syd = await teamCase('Team Syd');
  const [mette] = await t.db.query<{ id: number }>("SELECT id FROM app_user WHERE username = 'mette'");
  f = { nordCase: nord.case_id, nordTask: 2_147_483_647, sydCase: syd.case_id, sydTask: syd.task_id ?? nord.task_id ?? 1, metteId: mette.id };
  for (const r of ROLES) await t.login(USER_OF[r]);
  before = await dataFingerprint(t.db);
});
afterAll(async () => {
  console.log(`authorization matrix (${engineName}): ${operations.length} routes × (no session + ${ROLES.length} roles) = ${checks} checks; cross-team: ${crossTeamChecks} checks`);
  await t.close();
});

/** Fills path parameters: a case of Team Nord (or Syd), a task that does not exist, a real deadline kind. */
function urlOf(op: Operation, rule: Rule, team: 'nord' | 'syd'): string {
  const params: Record<string, string> = {};
  for (const p of op.pathParams) {
    if (p.name === 'id') params.id = String(team === 'nord' ? f.nordCase : f.sydCase);
    else if (p.name === 'taskId') params.taskId = String(team === 'nord' ? f.nordTask : f.sydTask);
    else if (p.name === 'meetingId') params.meetingId = '2147483647'; // no such meeting: an allowed caller gets 404, nothing changes
    else if (p.name === 'absenceId') params.absenceId = '2147483647';
    else if (p.name === 'token') params.token = 'x';
    else if (p.name === 'sessionId') params.sessionId = '2147483647';
    else if (p.name === 'templateId') params.templateId = 'orientation';
    else if (p.schema.enum?.length) params[p.name] = encodeURIComponent(String(p.schema.enum.includes('first-follow-up') ? 'first-follow-up' : p.schema.enum[0]));
    else throw new Error(`${op.key}: no realistic value for path parameter {${p.name}}; add one to urlOf in this test`);
  }
  const query = rule.query?.(f);
  return fillPath(op.path, params) + (query ? `?${new URLSearchParams(query)}` : '');
}

async function freshSession(user: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user, password: 'demo' } });
  const c = res.cookies.find((x) => x.name === 'retur_session');
  if (!c) throw new Error(`login ${user}: ${res.statusCode}`);
  return `retur_session=${c.value}`;
}

async function call(op: Operation, url: string, cookie: string | null, body: unknown) {
  return t.app.inject({
    method: op.method as 'GET',
    url,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

describe(`authorization matrix over every route in the OpenAPI document (${engineName})`, () => {
  it('the document lists every /api route the app serves', () => {
    const documented = new Set(operations.map((op) => `${op.method} ${toFastifyPath(op.path)}`));
    const served = appRoutes(t.app)
      .filter((r) => r.path.startsWith('/api/') && r.path !== '/api/openapi.json' && !r.path.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.path}`);
    expect(served.length).toBeGreaterThan(10);
    expect(served.filter((r) => !documented.has(r)), 'routes served but missing from /api/openapi.json (schema.hide?)').toEqual([]);
  });

  it('every entry of the policy table is a route in the document', () => {
    const keys = new Set(operations.map((op) => op.key));
    expect(Object.keys(POLICY).filter((k) => !keys.has(k)), 'stale POLICY entries: remove them or fix the path').toEqual([]);
  });

  for (const op of operations) {
    it(`${op.key}`, async () => {
      const rule = POLICY[op.key];
      expect(rule, `${op.key} has no policy. Declare who may use it in POLICY in test/api/authorization-matrix.test.ts ` +
        `({ public: true } or { roles: [...] } with a body that cannot change data), matching its config.permission.`).toBeDefined();
      const url = urlOf(op, rule, 'nord');
      const body = rule.body?.(f);

      const anon = await call(op, url, null, body);
      checks++;
      if (rule.public) {
        if (rule.anonymousStatus !== undefined) expect(anon.statusCode, `${op.key} without a session: ${anon.body}`).toBe(rule.anonymousStatus);
        else expect([401, 403], `${op.key} is public but refused a caller without a session: ${anon.statusCode} ${anon.body}`).not.toContain(anon.statusCode);
      } else {
        expect(anon.statusCode, `${op.key} without a session: ${anon.body}`).toBe(401);
      }
      expect(anon.statusCode, `${op.key} without a session: ${anon.body}`).toBeLessThan(500);

      for (const role of ROLES) {
        const user = USER_OF[role];
        const cookie = rule.consumesSession ? await freshSession(user) : await t.login(user);
        const res = await call(op, url, cookie, body);
        checks++;
        const allowed = rule.public || rule.roles!.includes(role);
        if (allowed) {
          expect([401, 403], `${op.key}: ${role} (${user}) may use it but was refused: ${res.statusCode} ${res.body}`).not.toContain(res.statusCode);
          expect(res.statusCode, `${op.key} as ${role} (${user}): ${res.body}`).toBeLessThan(500);
        } else {
          expect(res.statusCode, `${op.key}: ${role} (${user}) must be refused: ${res.body.slice(0, 300)}`).toBe(403);
        }
      }
    });
  }

  it("Team Nord's caseworker and team leader are refused every route on a Team Syd case; a manager reads it", async () => {
    const caseRoutes = operations.filter((op) => op.path.startsWith('/api/cases/{id}'));
    expect(caseRoutes.length).toBeGreaterThan(5);
    const wrong: string[] = [];
    for (const op of caseRoutes) {
      const rule = POLICY[op.key];
      if (!rule) continue; // reported by the route's own test
      const url = urlOf(op, rule, 'syd');
      const body = (rule.crossTeamBody ?? rule.body)?.(f);
      for (const user of ['mette', 'lars']) {
        const res = await call(op, url, await t.login(user), body);
        crossTeamChecks++;
        if (res.statusCode !== 403) wrong.push(`${op.key} as ${user} on Team Syd case ${f.sydCase}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      if (op.method === 'GET' && rule.roles?.includes('manager')) {
        const res = await call(op, url, await t.login('maria'), body);
        crossTeamChecks++;
        if (res.statusCode !== 200) wrong.push(`${op.key} as maria (manager) on Team Syd case ${f.sydCase}: ${res.statusCode}, expected 200`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('changed no data', async () => {
    expect(changedTables(before, await dataFingerprint(t.db))).toEqual([]);
  });
});
