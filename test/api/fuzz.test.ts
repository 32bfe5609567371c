/**
 * Fuzzing every write route (POST, PUT, PATCH, DELETE) from its own OpenAPI description: fast-check builds a
 * schema-valid request and breaks exactly one thing in it (test/fuzz/payloads.ts lists the mutations and the
 * rule for which field the 400 must name). The server must answer 400 with RFC 9457 problem+json whose `errors`
 * name that field, never a 5xx, and the whole run must leave every data table as it was.
 *
 * Routes are read from /api/openapi.json, so a new route is fuzzed without touching this file. Each route is
 * called as lars (team leader: every case write), or, where lars is refused, by the first demo user who is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, engineName } from '../helpers.ts';
import { operationsOf, fillPath, type OpenApiDoc, type Operation } from '../fuzz/openapi.ts';
import { acceptedErrorPaths, apiPath, fuzzable, invalidRequests, type FuzzRequest, type Hints } from '../fuzz/payloads.ts';
import { changedTables, dataFingerprint, type Fingerprint } from '../fuzz/fingerprint.ts';

/** Sized for a 2-core CI runner: about 30 requests per route, the same ones every run. */
const RUNS_PER_ROUTE = 30;
const SEED = 0x7e7012;
/** Who is tried, in order, for each route: lars first, as the brief of this suite says. */
const USERS = ['lars', 'maria', 'henrik', 'mette', 'anne'];
/** A version no demo case has: a request the server wrongly accepts still meets a 409 instead of writing. */
const STALE_VERSION = 2_147_483_000;

const t = await startTestApp();
const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as OpenApiDoc;
const writeRoutes = operationsOf(doc).filter((op) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method));

const [nord] = await t.db.query<{ case_id: number; task_id: number }>(
  `SELECT c.id AS case_id, tk.id AS task_id FROM sb_case c
     JOIN team tm ON tm.id = c.team_id AND tm.name = 'Team Nord'
     JOIN case_task tk ON tk.case_id = c.id
    WHERE c.status = 'open' ORDER BY c.id, tk.id LIMIT 1`);
const hints: Hints = { pathValues: { id: nord.case_id, taskId: nord.task_id, sessionId: 2_147_483_647, meetingId: 2_147_483_647, absenceId: 2_147_483_647, templateId: 'orientation' }, pins: { version: STALE_VERSION } };

/** fnv-1a of the route, so each route has its own fixed sequence and a new route does not shift the others. */
const seedOf = (key: string) => [...key].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0, 2166136261) ^ SEED;

let before: Fingerprint;
const stats = { routes: 0, requests: 0, serverErrors: 0, failing: 0, notFuzzable: [] as string[], byKind: {} as Record<string, number> };
const failures: string[] = [];

beforeAll(async () => {
  for (const u of USERS) await t.login(u);
  before = await dataFingerprint(t.db);
});
afterAll(async () => {
  console.log(`fuzz (${engineName}): ${stats.routes} write routes, ${stats.requests} requests, ${stats.serverErrors} 5xx, ${stats.failing} failing requests` +
    (stats.notFuzzable.length ? `; no inputs to fuzz: ${stats.notFuzzable.join(', ')}` : '') +
    `\n  by mutation: ${Object.entries(stats.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (failures.length) console.log(`fuzz failures (${engineName}):\n${failures.join('\n')}`);
  await t.close();
});

const send = async (user: string, method: string, url: string, body: unknown) =>
  t.app.inject({
    method: method as 'POST',
    url,
    headers: { cookie: await t.login(user), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

/**
 * The first demo user the route does not refuse. Asked with path parameters and a body no route accepts ('0', []),
 * so the permission check (which comes before validation) answers, and nothing runs.
 */
async function userFor(op: Operation): Promise<string | null> {
  const params = Object.fromEntries(op.pathParams.map((p) => [p.name, '0']));
  for (const u of USERS) if ((await send(u, op.method, fillPath(op.path, params), [])).statusCode !== 403) return u;
  return null;
}

/** What is wrong with the answer to an invalid request, or null. */
function problemWith(r: FuzzRequest, res: LightMyRequestResponse): string | null {
  if (res.statusCode >= 500) return `${res.statusCode} (server error)`;
  if (res.statusCode !== 400) return `${res.statusCode}, expected 400`;
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) return `400 without application/problem+json (${res.headers['content-type']})`;
  let p: { status?: unknown; title?: unknown; errors?: { path?: unknown; message?: unknown }[] };
  try { p = res.json(); } catch { return '400 whose body is not JSON'; }
  if (p.status !== 400 || typeof p.title !== 'string') return '400 whose problem has no status 400 or no title';
  if (!Array.isArray(p.errors) || p.errors.length === 0) return '400 with no `errors`';
  if (p.errors.some((e) => typeof e.path !== 'string' || typeof e.message !== 'string' || !e.message)) return '400 with an error lacking path or message';
  const want = acceptedErrorPaths(r.mutation);
  if (!p.errors.some((e) => want.includes(e.path as string))) return `400 whose errors do not name ${want.map((w) => `'${w}'`).join(' or ')}`;
  return null;
}

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);
const shown = (body: unknown) => (body === undefined ? '(no body)' : clip(JSON.stringify(body)));

describe(`fuzzing every write route from the OpenAPI document (${engineName})`, () => {
  it('finds the write routes in the document', () => {
    expect(writeRoutes.length).toBeGreaterThan(10);
  });

  for (const op of writeRoutes) {
    it(`${op.key}: invalid input is a 400 naming the field, never a 5xx`, async () => {
      if (!fuzzable(op)) {
        // No body, path or query parameters: there is nothing a caller can get wrong (e.g. logout).
        stats.notFuzzable.push(op.key);
        return;
      }
      stats.routes++;
      const user = await userFor(op);
      expect(user, `no demo user may call ${op.key}; give it a permission one of them holds`).not.toBeNull();
      const found = new Map<string, string>();
      for (const r of fc.sample(invalidRequests(op, hints), { numRuns: RUNS_PER_ROUTE, seed: seedOf(op.key) })) {
        const res = await send(user!, r.method, r.url, r.body);
        stats.requests++;
        stats.byKind[r.mutation.kind] = (stats.byKind[r.mutation.kind] ?? 0) + 1;
        if (res.statusCode >= 500) stats.serverErrors++;
        const problem = problemWith(r, res);
        if (!problem) continue;
        stats.failing++;
        const field = `${r.mutation.context}:${apiPath(r.mutation.context, r.mutation.path)}`;
        const line = `${op.key} as ${user} | ${r.mutation.kind} at ${field} (${r.mutation.what}) | ${r.method} ${clip(r.url, 120)} body ${shown(r.body)} | ${problem} | ${res.statusCode} ${clip(res.body)}`;
        failures.push(line);
        // One example per kind of mistake and field keeps the assertion message readable; the log has them all.
        const sig = `${r.mutation.kind} at ${field}: ${problem.replace(/^(\d{3}).*server error.*/, '$1')}`;
        if (!found.has(sig)) found.set(sig, line);
      }
      expect([...found.values()], `${found.size} kinds of wrong answers from ${op.key}`).toEqual([]);
    });
  }

  it('leaves every data table as it was', async () => {
    expect(changedTables(before, await dataFingerprint(t.db))).toEqual([]);
  });
});
