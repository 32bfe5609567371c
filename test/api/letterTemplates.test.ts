import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, openTestDb } from '../helpers.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/api/server.ts';
import { manualClock } from '../../src/clock.ts';
import { addDays } from '../../src/domain/dates.ts';
import { letterTemplateRoutes } from '../../src/api/letterTemplates.ts';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../src/api/session.ts';

const today = '2026-11-25';
let app: FastifyInstance;
let db: Awaited<ReturnType<typeof openTestDb>>['db'];
let drop: () => Promise<void>;
const cookies = new Map<string, string>();

beforeAll(async () => {
  ({ db, drop } = await openTestDb());
  await migrate(db);
  const clock = manualClock(today);
  await seedDemo(db, { scale: 'small', today });
  app = await buildServer({ db, clock, web: false });
  // Until server.ts registers these routes, the test registers them itself.
  if (!app.hasRoute({ method: 'GET', url: '/api/letter-templates' })) letterTemplateRoutes(app, { db, clock } as unknown as RouteDeps);
  await app.ready();
});
afterAll(async () => { await app?.close(); await drop?.(); });

async function as(user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  if (!cookies.has(user)) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user, password: 'demo' } });
    cookies.set(user, `retur_session=${res.cookies.find((c) => c.name === 'retur_session')!.value}`);
  }
  return app.inject({ method, url, payload: payload as object, headers: { cookie: cookies.get(user)! } });
}

async function newCase(cpr: string) {
  const res = await as('mette', 'POST', '/api/cases', {
    citizen: { cpr, name: 'Brev Testesen' }, kind: 'sickness_benefit', firstAbsenceDay: addDays(today, -10),
    employment: 'employed', employer: { cvr: '29403473', name: 'Fjordby Plejecenter' }, sickLeave: 'full', expectedFullReturn: addDays(today, 120), targetGroup: 1,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number };
}

describe(`letter templates (${engineName})`, () => {
  it('lists the 8 shipped templates to any role, the two decisions with kind "decision"', async () => {
    const res = await as('anne', 'GET', '/api/letter-templates');
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as { id: string; kind: string; version: number; lix: number }[];
    expect(list).toHaveLength(8);
    expect(list.filter((t) => t.kind === 'decision').map((t) => t.id).sort()).toEqual(['decision-extension', 'decision-stop']);
    expect(list.every((t) => t.version === 1)).toBe(true);
  });

  it('renders every shipped template on a real case with no unknown field and LIX below 40', async () => {
    const c = await newCase('0101904321');
    const list = (await as('mette', 'GET', '/api/letter-templates')).json() as { id: string }[];
    const lix: Record<string, number> = {};
    for (const t of list) {
      const full = (await as('mette', 'GET', `/api/letter-templates/${t.id}`)).json() as { body: string };
      const res = await as('mette', 'POST', '/api/letter-templates/preview', { body: full.body, caseId: c.id });
      expect(res.statusCode, res.body).toBe(200);
      const p = res.json() as { text: string; lix: number; unknownFields: string[]; longSentences: unknown[] };
      expect(p.unknownFields).toEqual([]);
      expect(p.text).toContain('Brev Testesen');
      expect(p.text).not.toContain('{{');
      expect(p.longSentences).toEqual([]);
      lix[t.id] = p.lix;
    }
    console.log('LIX per shipped template on a demo case:', JSON.stringify(lix));
    expect(Object.values(lix).every((v) => v < 40)).toBe(true);
  });

  it('previews with Danish dates and lists unknown merge fields by name', async () => {
    const res = await as('henrik', 'POST', '/api/letter-templates/preview', { body: 'Kære {{ borger.navn }} {{ sag.foersteFravaersdag | dato }} {{ borger.cpr }}' });
    expect(res.json()).toMatchObject({ text: null, unknownFields: ['borger.cpr'] });
    const ok = await as('henrik', 'POST', '/api/letter-templates/preview', { body: 'Første fraværsdag: {{ sag.foersteFravaersdag | dato }}.' });
    expect(ok.json().text).toBe('Første fraværsdag: mandag 5. januar 2026.');
  });

  it('refuses to save an unknown merge field with a 400 naming it', async () => {
    const res = await as('henrik', 'POST', '/api/letter-templates/orientation/versions', { body: 'Hej {{ borger.cpr }}', reason: 'test' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('borger.cpr');
  });

  it('refuses include, render and file paths', async () => {
    for (const body of ["{% include 'x' %}", "{% render '/etc/passwd' %}", "{%- layout '../../package.json' %}"]) {
      const save = await as('henrik', 'POST', '/api/letter-templates/orientation/versions', { body, reason: 'test' });
      expect(save.statusCode, body).toBe(400);
      expect(save.body).toContain('må ikke hente andre skabeloner');
      expect((await as('henrik', 'POST', '/api/letter-templates/preview', { body })).statusCode).toBe(400);
    }
  });

  it('saves a new version, keeps the old one and audits the change', async () => {
    const res = await as('henrik', 'POST', '/api/letter-templates/inquiry-answer/versions', { body: 'Kære {{ borger.navn }}\n\nTak for dit brev.', reason: 'Kortere tekst' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ version: 2 });
    const t = (await as('henrik', 'GET', '/api/letter-templates/inquiry-answer')).json() as { version: number; versions: { version: number; reason: string; createdBy: string | null }[] };
    expect(t.version).toBe(2);
    expect(t.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(t.versions[0]).toMatchObject({ reason: 'Kortere tekst', createdBy: 'Henrik IT' });
    const [a] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'letter_template' AND entity_id = 'inquiry-answer' AND operation = 'write'`);
    expect(Number(a.n)).toBe(1);
  });

  it('lets only administrators save (403 for others); administrators cannot preview on a real case', async () => {
    for (const u of ['mette', 'lars', 'maria', 'anne']) {
      const res = await as(u, 'POST', '/api/letter-templates/orientation/versions', { body: 'Hej', reason: 'x' });
      expect(res.statusCode, u).toBe(403);
    }
    const c = await newCase('0202904322');
    expect((await as('henrik', 'POST', '/api/letter-templates/preview', { body: 'Hej', caseId: c.id })).statusCode).toBe(403);
    expect((await as('anne', 'POST', '/api/letter-templates/preview', { body: 'Hej', caseId: c.id })).statusCode).toBe(403);
  });

  it('answers 404 for an unknown template and rejects unknown body fields', async () => {
    expect((await as('mette', 'GET', '/api/letter-templates/nope')).statusCode).toBe(404);
    expect((await as('henrik', 'POST', '/api/letter-templates/orientation/versions', { body: 'Hej', reason: 'x', extra: 1 })).statusCode).toBe(400);
  });
});
