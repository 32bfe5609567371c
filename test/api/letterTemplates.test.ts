import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, startTestApp, type TestApp } from '../helpers.ts';
import { addDays } from '../../src/domain/dates.ts';

const today = '2026-11-25';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ today }); });
afterAll(async () => { await t?.close(); });
const as: TestApp['as'] = (...a) => t.as(...a);

async function newCase(cpr: string) {
  const res = await as('mette', 'POST', '/api/cases', {
    citizen: { cpr, name: 'Brev Testesen' }, kind: 'sickness_benefit', firstAbsenceDay: addDays(today, -10),
    employment: 'employed', employer: { cvr: '29403473', name: 'Fjordby Plejecenter' }, sickLeave: 'full', expectedFullReturn: addDays(today, 120), targetGroup: 1,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number };
}

describe(`letter templates (${engineName})`, () => {
  it('lists the 9 shipped templates to any role, the two decisions with kind "decision"', async () => {
    const res = await as('anne', 'GET', '/api/letter-templates');
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as { id: string; kind: string; version: number; lix: number }[];
    expect(list).toHaveLength(9);
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
    const tpl = (await as('henrik', 'GET', '/api/letter-templates/inquiry-answer')).json() as { version: number; versions: { version: number; reason: string; createdBy: string | null }[] };
    expect(tpl.version).toBe(2);
    expect(tpl.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(tpl.versions[0]).toMatchObject({ reason: 'Kortere tekst', createdBy: 'Henrik IT' });
    const [a] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'letter_template' AND entity_id = 'inquiry-answer' AND operation = 'write'`);
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
