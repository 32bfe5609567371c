import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { startTestApp, engineName, type TestApp } from '../helpers.ts';

let t: TestApp;
let caseId: number;
beforeAll(async () => {
  t = await startTestApp();
  caseId = (await t.db.query<{ id: number }>("SELECT c.id FROM sb_case c JOIN app_user u ON u.username = 'mette' AND u.team_id = c.team_id WHERE c.status = 'open' LIMIT 1"))[0].id;
});
afterAll(async () => { await t?.close(); });

/** A fingerprint of all case data, to prove that a refused request changed nothing. */
async function fingerprint() {
  const rows = await t.db.query('SELECT (SELECT json_agg(c ORDER BY id) FROM sb_case c) AS cases, (SELECT count(*) FROM case_action) AS actions, (SELECT count(*) FROM citizen) AS citizens, (SELECT count(*) FROM employer) AS employers');
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

// Values of the wrong kind or shape in the places where fields go.
const junk = fc.oneof(
  fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.constantFrom('2026-02-30', '2026-13-01', '31-12-2026', '9999-99-99', '', ' ', '0000000000', '12345678', '-1', '1e9'),
  fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);
const payloadWithJunk = (base: Record<string, unknown>, fields: string[]) =>
  fc.record(Object.fromEntries(fields.map((f) => [f, junk])), { requiredKeys: [] }).map((bad) => ({ ...base, ...bad }));

describe(`generated invalid payloads (${engineName})`, () => {
  it('never cause a 5xx or change data on any write endpoint', async () => {
    const cookie = await t.login('lars');
    const before = await fingerprint();
    const [row] = await t.db.query<{ version: number }>('SELECT version FROM sb_case WHERE id = $1', [caseId]);
    const targets: { method: 'POST' | 'PATCH'; url: string; gen: fc.Arbitrary<unknown> }[] = [
      { method: 'POST', url: '/api/cases', gen: payloadWithJunk({ citizen: { cpr: '0101901234', name: 'Ok Navn' }, kind: 'sickness_benefit', firstAbsenceDay: '2030-01-01', employment: 'employed', sickLeave: 'full' }, ['citizen', 'kind', 'firstAbsenceDay', 'employment', 'sickLeave', 'partialHours', 'employer', 'expectedFullReturn', 'category']) },
      { method: 'PATCH', url: `/api/cases/${caseId}`, gen: payloadWithJunk({ version: row.version, changes: { firstAbsenceDay: '2099-01-01' } }, ['version', 'changes']) },
      { method: 'POST', url: `/api/cases/${caseId}/close`, gen: payloadWithJunk({ version: row.version, exitDate: '2099-01-01', exitReason: 'back_full' }, ['version', 'exitDate', 'exitReason']) },
      { method: 'POST', url: `/api/cases/${caseId}/assign`, gen: payloadWithJunk({ version: row.version + 50, caseworkerId: 1, reason: 'x' }, ['version', 'caseworkerId', 'reason']) },
      { method: 'POST', url: `/api/cases/${caseId}/reopen`, gen: payloadWithJunk({ version: row.version }, ['version', 'reason']) },
      { method: 'POST', url: '/api/cases/bulk-assign', gen: payloadWithJunk({ cases: [{ id: caseId, version: 0 }], caseworkerId: 1, reason: 'flyt' }, ['cases', 'caseworkerId', 'reason']) },
    ];
    for (const target of targets) {
      await fc.assert(
        fc.asyncProperty(target.gen, async (payload) => {
          const res = await t.app.inject({ method: target.method, url: target.url, payload: payload as object, headers: { cookie } });
          expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, res.body).toBeLessThan(500);
          const problem = res.json();
          expect(problem.title).toBeTruthy();
          if (res.statusCode === 400) expect(problem.errors.length).toBeGreaterThan(0);
        }),
        { numRuns: 60, seed: 4242 },
      );
    }
    expect(await fingerprint()).toBe(before);
  });

  it('a body that is not JSON gets a 400 that says so', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/cases', payload: '{"citizen": ', headers: { cookie: await t.login('mette'), 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body');
  });
});
