import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, startTestApp, type TestApp } from '../helpers.ts';
import { addDays } from '../../src/domain/dates.ts';

// Thursday 26 March 2026: the pathway's steps are counted on working days across Easter (2-6 April 2026 closed).
const today = '2026-03-26';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ today }); });
afterAll(async () => { await t?.close(); });
const as: TestApp['as'] = (...a) => t.as(...a);

interface Case { id: number; version: number }
interface Order { id: number; status: string; outcome: string | null; version: number; priceOre: number | null; note: string | null; startedOn: string | null; endedOn: string | null }
interface Catalogue { types: { code: string; name: string }[]; suppliers: { id: number; name: string; kind: string; packages: { id: number; type: string; name: string; priceOre: number | null }[] }[] }

async function newCase(cpr: string): Promise<Case> {
  const res = await as('mette', 'POST', '/api/cases', {
    citizen: { cpr, name: 'Forløb Testesen' }, kind: 'sickness_benefit', firstAbsenceDay: addDays(today, -40),
    employment: 'employed', employer: { cvr: '29403473', name: 'Fjordby Plejecenter' }, sickLeave: 'full',
    expectedFullReturn: addDays(today, 200), targetGroup: 3, category: 2,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Case;
}

async function otherTeamCaseworker() {
  const [u] = await t.db.query<{ username: string }>(
    `SELECT username FROM app_user WHERE role = 'caseworker' AND team_id <> (SELECT team_id FROM app_user WHERE username = 'mette') ORDER BY id LIMIT 1`);
  return u.username;
}

const activationOn = async (user: string, date: string) => {
  const res = await as(user, 'GET', `/api/analytics/activation?date=${date}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { groups: { targetGroup: number | null; open: number; active: number; share: number | null }[]; total: { open: number; active: number } };
};

describe(`pathways and interventions (${engineName})`, () => {
  let c: Case;
  let catalogue: Catalogue;
  let order: Order;

  beforeAll(async () => { c = await newCase('0101851234'); });

  it('lists the six shipped pathways with their intervention model', async () => {
    const res = await as('mette', 'GET', '/api/pathways');
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as { id: number; name: string; version: number; steps: { title: string; workingDays: number }[]; interventionTypes: string[]; offers: { department: string }[] }[];
    expect(list.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(list[4]).toMatchObject({ id: 5, name: 'Risiko for varig nedsat arbejdsevne', version: 1 });
    expect(list[4].steps.map((s) => s.title)).toContain('Afdæk, om borgeren er berettiget til og vil have gavn af en revalidering');
    expect(list[3].offers.map((o) => o.department)).toEqual(['SUF', 'SOF']);
    // Configuration without personal data: the administrator (no case:read) reads it too, to edit it.
    expect((await as('henrik', 'GET', '/api/pathways')).statusCode).toBe(200);
  });

  it('assigning a pathway changes the fact, bumps the version and proposes the steps as tasks on working days', async () => {
    const res = await as('mette', 'POST', `/api/cases/${c.id}/pathway`, { pathway: 5, version: c.version });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { pathway: number; version: number; tasks: { title: string; due: string }[] };
    // 5 working days after Thursday 26 March is Tuesday 7 April (Easter closed 2-6 April); 10 is Tuesday 14 April.
    expect(body.tasks.slice(0, 2)).toEqual([
      { id: expect.any(Number), title: 'Indhent lægeattest om arbejdsevnen', due: '2026-04-07' },
      { id: expect.any(Number), title: 'Afdæk, om borgeren er berettiget til og vil have gavn af en revalidering', due: '2026-04-14' },
    ]);
    expect(body.tasks).toHaveLength(3);
    // One action for the fact and one per task.
    expect(body.version).toBe(c.version + 1 + 3);
    const got = (await as('mette', 'GET', `/api/cases/${c.id}`)).json();
    expect(got.case.pathway).toBe(5);
    expect(got.case.version).toBe(body.version);
    expect(got.tasks.map((x: { title: string }) => x.title)).toContain('Forbered sagen til rehabiliteringsteamet');
    expect(got.actions.some((a: { payload: { type: string; changes?: Record<string, unknown> } }) => a.payload.type === 'changed' && a.payload.changes?.pathway)).toBe(true);
    c = { id: c.id, version: body.version };
  });

  it('a stale version is a conflict and writes nothing; the same pathway again names the field', async () => {
    const tasksBefore = (await as('mette', 'GET', `/api/cases/${c.id}`)).json().tasks.length;
    const stale = await as('mette', 'POST', `/api/cases/${c.id}/pathway`, { pathway: 2, version: c.version - 1 });
    expect(stale.statusCode).toBe(409);
    const again = await as('mette', 'POST', `/api/cases/${c.id}/pathway`, { pathway: 5, version: c.version });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].path).toBe('pathway');
    const bad = await as('mette', 'POST', `/api/cases/${c.id}/pathway`, { pathway: 7, version: c.version });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Vælg et borgerforløb (1-6)');
    const after = (await as('mette', 'GET', `/api/cases/${c.id}`)).json();
    expect(after.case.version).toBe(c.version);
    expect(after.tasks.length).toBe(tasksBefore);
  });

  it("shows the case's pathway with its model and ranks the pathways by fit", async () => {
    const res = await as('mette', 'GET', `/api/cases/${c.id}/pathway`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.pathway).toBe(5);
    expect(p.model.name).toBe('Risiko for varig nedsat arbejdsevne');
    expect(p.suggestions[0].fits).toBe(true);
    // Pathway 6 is for citizens sick from unemployment: this employee does not fit, and is told why.
    expect(p.suggestions.find((s: { id: number }) => s.id === 6).unmet).toContain('Sygemeldt fra skal være ledig');
  });

  it('lists the catalogue with types, suppliers, packages and prices', async () => {
    const res = await as('mette', 'GET', '/api/interventions/catalogue');
    expect(res.statusCode).toBe(200);
    catalogue = res.json();
    expect(catalogue.types.map((x) => x.code)).toEqual(['work_placement', 'graduated_return', 'mentor', 'health_talk', 'psychologist', 'physiotherapy', 'course']);
    const fysio = catalogue.suppliers.find((s) => s.name === 'FysioJob A/S')!;
    expect(fysio.packages.find((p) => p.name === 'Træning med arbejdspladsfokus')!.priceOre).toBe(680_000);
  });

  it('orders a package; bad input names the field', async () => {
    const pkg = catalogue.suppliers.flatMap((s) => s.packages).find((p) => p.name === 'Træning med arbejdspladsfokus')!;
    const url = `/api/cases/${c.id}/interventions`;
    const endBefore = await as('mette', 'POST', url, { packageId: pkg.id, start: today, end: addDays(today, -1) });
    expect(endBefore.statusCode).toBe(400);
    expect(endBefore.json().errors[0]).toEqual({ path: 'end', message: 'Slutdatoen kan ikke ligge før startdatoen' });
    const unknown = await as('mette', 'POST', url, { packageId: 2_147_483_647, start: today, end: addDays(today, 55) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe('packageId');
    const beforeAbsence = await as('mette', 'POST', url, { packageId: pkg.id, start: addDays(today, -60), end: today });
    expect(beforeAbsence.json().errors[0].path).toBe('start');
    expect((await as('mette', 'POST', url, { packageId: pkg.id, start: today, end: today, price: 1 })).statusCode).toBe(400);

    const res = await as('mette', 'POST', url, { packageId: pkg.id, start: addDays(today, -7), end: addDays(today, 48), note: 'Borgeren ønsker træning om morgenen' });
    expect(res.statusCode, res.body).toBe(201);
    order = res.json();
    expect(order).toMatchObject({ status: 'ordered', outcome: null, priceOre: 680_000, version: 1 });
    // An order is not a case action: the case's version stays, so an open edit of the case is not made stale.
    expect((await as('mette', 'GET', `/api/cases/${c.id}`)).json().case.version).toBe(c.version);
  });

  it('starts the order, counts it in the activation share, and completes it with an outcome', async () => {
    const day = addDays(today, -3);
    const before = await activationOn('lars', day);
    const dayBeforeStart = addDays(today, -6);
    const beforeStart = await activationOn('lars', dayBeforeStart);
    const url = `/api/interventions/${order.id}/status`;
    const started = await as('mette', 'POST', url, { status: 'active', date: addDays(today, -5), version: order.version });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: 'active', startedOn: addDays(today, -5), version: 2 });
    const after = await activationOn('lars', day);
    const g3 = (a: typeof after) => a.groups.find((g) => g.targetGroup === 3)!;
    expect(g3(after).active).toBe(g3(before).active + 1);
    expect(g3(after).open).toBe(g3(before).open);
    // A day before it started is not counted.
    expect(g3(await activationOn('lars', dayBeforeStart)).active).toBe(g3(beforeStart).active);

    const noOutcome = await as('mette', 'POST', url, { status: 'completed', version: 2 });
    expect(noOutcome.statusCode).toBe(400);
    expect(noOutcome.json().errors[0].path).toBe('outcome');
    const outcomeTooEarly = await as('mette', 'POST', url, { status: 'cancelled', outcome: 'no_effect', version: 2 });
    expect(outcomeTooEarly.json().errors[0]).toEqual({ path: 'outcome', message: 'Resultatet angives kun, når indsatsen er gennemført' });
    const stale = await as('mette', 'POST', url, { status: 'completed', outcome: 'back_to_work', version: 1 });
    expect(stale.statusCode).toBe(409);
    const done = await as('mette', 'POST', url, { status: 'completed', outcome: 'back_to_work', version: 2 });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', outcome: 'back_to_work', endedOn: today, version: 3 });
    const list = (await as('mette', 'GET', `/api/cases/${c.id}/interventions`)).json();
    expect(list.orders).toHaveLength(1);
    expect(list.orders[0]).toMatchObject({ id: order.id, status: 'completed', outcome: 'back_to_work', note: 'Borgeren ønsker træning om morgenen', supplier: 'FysioJob A/S' });
  });

  it('activation share: team leaders, managers and analysts; not caseworkers or administrators', async () => {
    const m = await activationOn('maria', today);
    const l = await activationOn('lars', today);
    expect(m.total.open).toBeGreaterThan(l.total.open);
    expect(m.groups.map((g) => g.targetGroup).slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect((await as('anne', 'GET', `/api/analytics/activation?date=${today}`)).statusCode).toBe(200);
    expect((await as('mette', 'GET', `/api/analytics/activation?date=${today}`)).statusCode).toBe(403);
    expect((await as('henrik', 'GET', `/api/analytics/activation?date=${today}`)).statusCode).toBe(403);
    const bad = await as('maria', 'GET', '/api/analytics/activation?date=2026-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('date');
  });

  it('sets a goal and milestones on a return-to-work plan, shown with the hours over time', async () => {
    const rec = await as('mette', 'POST', `/api/cases/${c.id}/return-to-work`, {
      version: c.version, startsOn: today, endsOn: addDays(today, 27), steps: [{ from: today, hoursPerWeek: 10 }, { from: addDays(today, 14), hoursPerWeek: 20 }],
    });
    expect(rec.statusCode, rec.body).toBe(201);
    c = { id: c.id, version: rec.json().version };
    const planId = (await as('mette', 'GET', `/api/cases/${c.id}/pathway`)).json().plans[0].id as number;
    const bad = await as('mette', 'POST', `/api/return-to-work/${planId}/goal`, { goal: 'Fuld tid som SOSU-assistent', milestones: [{ date: today, text: '', done: false }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('milestones.0.text');
    const res = await as('mette', 'POST', `/api/return-to-work/${planId}/goal`, {
      goal: 'Fuld tid som SOSU-assistent på plejecentret',
      milestones: [{ date: addDays(today, 14), text: '20 timer uden smerter', done: false }, { date: today, text: 'Første vagt på 10 timer', done: true }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const plan = (await as('mette', 'GET', `/api/cases/${c.id}/pathway`)).json().plans[0];
    expect(plan.goal).toBe('Fuld tid som SOSU-assistent på plejecentret');
    expect(plan.milestones.map((m: { text: string }) => m.text)).toEqual(['Første vagt på 10 timer', '20 timer uden smerter']);
    expect(plan.periods).toEqual([{ from: today, to: addDays(today, 13), hoursPerWeek: 10 }, { from: addDays(today, 14), to: addDays(today, 27), hoursPerWeek: 20 }]);
    expect(plan.hoursToday).toBe(10);
  });

  it('shows analysts no free text: no order note, goal or milestone text', async () => {
    const orders = await as('anne', 'GET', `/api/cases/${c.id}/interventions`);
    expect(orders.statusCode).toBe(200);
    expect(orders.body).not.toContain('morgenen');
    expect(orders.json().orders[0]).toMatchObject({ note: '(skjult)', outcome: 'back_to_work' });
    const panel = await as('anne', 'GET', `/api/cases/${c.id}/pathway`);
    expect(panel.statusCode).toBe(200);
    expect(panel.body).not.toContain('SOSU');
    expect(panel.body).not.toContain('smerter');
    expect(panel.json().plans[0].goal).toBe('(skjult)');
  });

  it("refuses another team's caseworker", async () => {
    const u = await otherTeamCaseworker();
    const planId = (await as('mette', 'GET', `/api/cases/${c.id}/pathway`)).json().plans[0].id as number;
    const pkgId = catalogue.suppliers[0].packages[0].id;
    expect((await as(u, 'POST', `/api/cases/${c.id}/pathway`, { pathway: 2, version: c.version })).statusCode).toBe(403);
    expect((await as(u, 'GET', `/api/cases/${c.id}/pathway`)).statusCode).toBe(403);
    expect((await as(u, 'GET', `/api/cases/${c.id}/interventions`)).statusCode).toBe(403);
    expect((await as(u, 'POST', `/api/cases/${c.id}/interventions`, { packageId: pkgId, start: today, end: today })).statusCode).toBe(403);
    expect((await as(u, 'POST', `/api/interventions/${order.id}/status`, { status: 'cancelled' })).statusCode).toBe(403);
    expect((await as(u, 'POST', `/api/return-to-work/${planId}/goal`, { goal: 'x', milestones: [] })).statusCode).toBe(403);
    // The refusals wrote nothing.
    expect((await as('mette', 'GET', `/api/cases/${c.id}`)).json().case.version).toBe(c.version);
  });

  it('an administrator edits a pathway with a reason; versions are kept; a stale edit is a conflict', async () => {
    const current = ((await as('henrik', 'GET', '/api/pathways')).json() as { id: number; name: string; description: string; fit: unknown; steps: unknown[]; interventionTypes: string[]; offers: unknown[] }[])[1];
    const edit = {
      basedOn: 1, reason: 'Aftale med SUF om sundhedssamtale inden for en uge',
      name: current.name, description: current.description, fit: current.fit,
      steps: [{ title: 'Book sundhedssamtale i SUF', workingDays: 1 }, ...current.steps], interventionTypes: current.interventionTypes, offers: current.offers,
    };
    expect((await as('mette', 'POST', '/api/pathways/2', edit)).statusCode).toBe(403);
    const res = await as('henrik', 'POST', '/api/pathways/2', edit);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: 2, version: 2, reason: 'Aftale med SUF om sundhedssamtale inden for en uge', changedBy: 'Henrik IT' });
    expect((await as('henrik', 'POST', '/api/pathways/2', edit)).statusCode).toBe(409);
    const versions = (await as('henrik', 'GET', '/api/pathways/2/versions')).json() as { version: number; steps: unknown[] }[];
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[1].steps).toEqual(current.steps);
    const bad = await as('henrik', 'POST', '/api/pathways/2', { ...edit, basedOn: 2, steps: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('steps');
    const [audit] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'pathway' AND entity_id = '2'`);
    expect(audit.n).toBe(1);
  });
});
