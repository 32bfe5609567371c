/**
 * The citizen's right of access (GDPR art. 15) and retention (art. 5(1)(e)), through the API as an administrator
 * uses them, on both engines. The heart of it: after the retention run nothing about a citizen whose cases expired
 * is left anywhere in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, openTestDb, engineName, type TestApp } from '../helpers.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { PERSONAL_DATA } from '../../src/app/privacy/registry.ts';
import { EXPIRED_TEXT } from '../../src/app/privacy/retention.ts';
import { openPglite } from '../../src/db/engine.ts';
import { DEFAULT_POLICY } from '../../src/rules/policy.ts';
import { pdfText } from '../pdfText.ts';

let t: TestApp;
afterAll(async () => { await t?.close(); });

async function as(user: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return t.app.inject({ method, url, payload: payload as object, headers: user ? { cookie: await t.login(user) } : {} });
}
const versionOf = async (caseId: number) => (await t.db.query<{ version: number }>('SELECT version FROM sb_case WHERE id = $1', [caseId]))[0].version;

/** Every row of every table as text: what "nothing remains" is checked against. */
async function dumpDatabase(): Promise<Record<string, string>> {
  const tables = await t.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`);
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const rows = await t.db.query<{ r: string }>(`SELECT x::text AS r FROM ${table_name} x ORDER BY 1`);
    out[table_name] = rows.map((r) => r.r).join('\n');
  }
  return out;
}


// Citizen A: a case that closed in 2019, well past the default five years. Citizen B: closed in 2023, kept.
const A = {
  cpr: '0801701235', cprDashed: '080170-1235', name: 'Ærtebjørn Blåbærsen Østergård', phone: '+45 61 72 83 94', email: 'aertebjorn.blaabaer@example.dk',
  note: 'Samtale om ryggen og tilbagevenden på nedsat tid', healthNote: 'Diskusprolaps bekræftet af egen læge', meetingNote: 'Borgeren ønsker gradvis opstart hos Fjordby', task: 'Indhent statusattest fra Fjordby Lægehus',
};
const B = { cpr: '1203781236', name: 'Bodil Kildegaard Testdatter', note: 'Bodils notat om arbejdspladsen', task: 'Ring til Bodils arbejdsgiver' };
let caseA: number;
let caseB: number;
let citizenA: number;

async function createClosedCase(who: { cpr: string; name: string; phone?: string; email?: string }, firstAbsenceDay: string, heldOn: string, exitDate: string, work: { notes: { text: string; health?: boolean }[]; task: string; meetingNote?: string }) {
  const created = await as('mette', 'POST', '/api/cases', {
    citizen: { cpr: who.cpr, name: who.name, ...(who.phone ? { phone: who.phone } : {}), ...(who.email ? { email: who.email } : {}) },
    employer: { cvr: '29403473', name: 'Fjordby Plejecenter' },
    kind: 'sickness_benefit', firstAbsenceDay, employment: 'employed', sickLeave: 'full', targetGroup: 2,
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as number;
  for (const n of work.notes) expect((await as('mette', 'POST', `/api/cases/${id}/notes`, n)).statusCode).toBe(201);
  expect((await as('mette', 'POST', `/api/cases/${id}/tasks`, { title: work.task, due: heldOn })).statusCode).toBe(201);
  const met = await as('mette', 'POST', `/api/cases/${id}/meetings/record`, { version: await versionOf(id), heldOn, form: 'in-person', attendance: 'attended', notes: work.meetingNote ?? null });
  expect(met.statusCode, met.body).toBeLessThan(300);
  const closed = await as('mette', 'POST', `/api/cases/${id}/close`, { version: await versionOf(id), exitDate, exitReason: 'back_full' });
  expect(closed.statusCode, closed.body).toBe(200);
  // A caseworker opens the case once more: a read in the audit trail.
  expect((await as('mette', 'GET', `/api/cases/${id}`)).statusCode).toBe(200);
  return id;
}

beforeAll(async () => {
  t = await startTestApp();
  caseA = await createClosedCase(A, '2018-01-08', '2018-02-05', '2019-06-28', { notes: [{ text: A.note }, { text: A.healthNote, health: true }], task: A.task, meetingNote: A.meetingNote });
  caseB = await createClosedCase(B, '2023-01-09', '2023-02-06', '2023-06-30', { notes: [{ text: B.note }], task: B.task, meetingNote: 'Bodils samtalenoter' });
  citizenA = (await t.db.query<{ id: number }>('SELECT id FROM citizen WHERE cpr = $1', [A.cpr]))[0].id;
  // An audit entry and a failed login from long ago, and a fresh failed login, for the expiry of those.
  await t.db.query(`INSERT INTO audit_entry (at, user_id, operation, entity, entity_id, citizen_id, endpoint) VALUES ('2018-03-01T10:00:00Z', NULL, 'read', 'case', $1, $2, 'GET /api/cases/:id')`, [String(caseA), citizenA]);
  await t.db.query(`INSERT INTO login_failure (username, address, at) VALUES ('glemsom', '127.0.0.1', $1), ('glemsom', '127.0.0.1', $2)`,
    [new Date(t.clock.now().getTime() - 90 * 86_400_000), t.clock.now()]);
}, 60_000);

describe(`the registry of personal data (${engineName})`, () => {
  it('lists every table with a citizen_id or case_id column, so export and retention cannot forget one', async () => {
    const rows = await t.db.query<{ table_name: string }>(
      `SELECT DISTINCT table_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name IN ('citizen_id', 'case_id') ORDER BY table_name`);
    const listed = new Set(PERSONAL_DATA.map((p) => p.table));
    const missing = rows.map((r) => r.table_name).filter((n) => !listed.has(n));
    expect(missing, `add these tables to PERSONAL_DATA in src/app/privacy/registry.ts: ${missing.join(', ')}`).toEqual([]);
    for (const p of PERSONAL_DATA.filter((p) => p.via !== 'self')) {
      const col = p.via === 'case' ? 'case_id' : 'citizen_id';
      expect(rows.map((r) => r.table_name), `${p.table} has no ${col}`).toContain(p.table);
    }
  });

  it('knows what to do with every column of the citizen when anonymising it', async () => {
    const cols = await t.db.query<{ column_name: string; is_nullable: string; column_default: string | null }>(
      `SELECT column_name, is_nullable, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'citizen'`);
    // Anything that is neither kept nor nullable nor defaulted could not be wiped.
    const stuck = cols.filter((c) => !['id', 'created_at', 'anonymised_at'].includes(c.column_name) && c.is_nullable !== 'YES' && c.column_default === null);
    expect(stuck).toEqual([]);
  });
});

describe(`right of access (${engineName})`, () => {
  it('exports everything about the citizen and nothing about anyone else, and audits the export', async () => {
    const res = await as('henrik', 'POST', '/api/admin/privacy/export', { cpr: A.cprDashed });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).not.toContain(A.cpr);
    const x = res.json();
    expect(x.municipality).toBe('Demo Kommune');
    expect(x.citizen).toMatchObject({ cpr: A.cpr, name: A.name, email: A.email });
    expect(x.cases).toHaveLength(1);
    const c = x.cases[0];
    expect(c.case).toMatchObject({ id: caseA, status: 'closed', exit_date: '2019-06-28', first_absence_day: '2018-01-08' });
    expect(c.employer).toEqual({ cvr: '29403473', name: 'Fjordby Plejecenter' });
    expect(c.notes.map((n: { body: string }) => n.body).sort()).toEqual([A.healthNote, A.note].sort());
    expect(c.notes.find((n: { body: string }) => n.body === A.healthNote).health).toBe(true);
    expect(c.tasks.map((k: { title: string }) => k.title)).toEqual([A.task]);
    expect(c.meetings).toEqual([expect.objectContaining({ held_on: '2018-02-05', notes: A.meetingNote, status: 'held' })]);
    expect(c.deadlines.length).toBeGreaterThan(0);
    for (const d of c.deadlines) expect(d.source).toBeTruthy();
    expect(c.history.map((a: { type: string }) => a.type)).toEqual(expect.arrayContaining(['created', 'note-added', 'task-created', 'meeting-recorded', 'closed']));
    expect(c.history[0].actor_id_name).toBeTruthy();
    expect(x.auditTrail.length).toBeGreaterThan(4);
    expect(x.auditTrail).toEqual(expect.arrayContaining([
      expect.objectContaining({ operation: 'write', entity: 'case', user_name: expect.any(String) }),
      expect.objectContaining({ operation: 'read', entity: 'case', endpoint: 'GET /api/cases/:id' }),
    ]));
    const text = res.body;
    for (const other of [B.cpr, B.name, B.note, B.task, 'Bodils samtalenoter']) expect(text).not.toContain(other);
    const [entry] = await t.db.query<{ user_id: number; endpoint: string; entity_id: string }>(
      `SELECT user_id, endpoint, entity_id FROM audit_entry WHERE entity = 'citizen-export' AND citizen_id = $1 ORDER BY id DESC LIMIT 1`, [citizenA]);
    expect(entry).toMatchObject({ endpoint: 'POST /api/admin/privacy/export', entity_id: String(citizenA) });
    expect(entry.user_id).toBeTruthy();
  });

  it('hands out a tagged PDF in Danish with the same content', async () => {
    const res = await as('henrik', 'POST', '/api/admin/privacy/export', { cpr: A.cpr, format: 'pdf' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    // Tagged for screen readers: a structure tree, the language and the title shown instead of the file name.
    for (const marker of [/\/MarkInfo \d+ 0 R/, /\/StructTreeRoot \d+ 0 R/, /\/Lang \(da-DK\)/, /\/DisplayDocTitle true/, /\/S \/H1/, /\/S \/TH/]) expect(marker.test(raw), String(marker)).toBe(true);
    const text = pdfText(pdf);
    for (const s of ['Demo Kommune', 'Indsigt i personoplysninger', 'Identitet og kontaktoplysninger', A.name, '080170-1235', 'Frister og lovgrundlag',
      'Første fraværsdag', '8. januar 2018', 'Afsluttet den', '28. juni 2019', 'Opfølgningssamtaler', 'Personligt fremmøde', 'Notater', '(helbredsoplysning)',
      'Hvem har set eller ændret oplysningerne', 'Sagens historik', 'Fjordby Plejecenter']) expect(text, s).toContain(s);
    for (const s of [A.note, A.healthNote, A.task]) expect(text.replace(/\s+/g, ' '), s).toContain(s);
    expect(text).not.toContain(B.name);
  });

  it('is for administrators only, takes the CPR number in the body, and says which field is wrong', async () => {
    expect((await as(null, 'POST', '/api/admin/privacy/export', { cpr: A.cpr })).statusCode).toBe(401);
    for (const u of ['mette', 'lars', 'maria', 'anne']) {
      expect((await as(u, 'POST', '/api/admin/privacy/export', { cpr: A.cpr })).statusCode, u).toBe(403);
      expect((await as(u, 'POST', '/api/admin/privacy/retention/preview')).statusCode, u).toBe(403);
      expect((await as(u, 'POST', '/api/admin/privacy/retention/apply', { cutoffs: {} })).statusCode, u).toBe(403);
    }
    const bad = await as('henrik', 'POST', '/api/admin/privacy/export', { cpr: '3102901234' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ path: 'cpr' })]);
    const unknown = await as('henrik', 'POST', '/api/admin/privacy/export', { cpr: A.cpr, citizenName: 'x' });
    expect(unknown.statusCode).toBe(400);
    const format = await as('henrik', 'POST', '/api/admin/privacy/export', { cpr: A.cpr, format: 'docx' });
    expect(format.json().errors).toEqual([expect.objectContaining({ path: 'format' })]);
    expect((await as('henrik', 'POST', '/api/admin/privacy/export', { cpr: '0101011234' })).statusCode).toBe(404);
  });
});

describe(`retention (${engineName})`, () => {
  let preview: { cutoffs: Record<string, string>; counts: Record<string, number> & { caseRows: Record<string, number> }; cases: { id: number }[] };
  let phoneStored: string;
  let closedBefore: number;

  it('dry run: says what would go, without CPR numbers or names, and changes nothing', async () => {
    phoneStored = (await t.db.query<{ phone: string }>('SELECT phone FROM citizen WHERE id = $1', [citizenA]))[0].phone;
    closedBefore = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sb_case WHERE status = 'closed'`))[0].n;
    const before = await dumpDatabase();
    const res = await as('henrik', 'POST', '/api/admin/privacy/retention/preview');
    expect(res.statusCode, res.body).toBe(200);
    preview = res.json();
    expect(preview.cases.map((c) => c.id)).toEqual([caseA]);
    expect(preview.counts).toMatchObject({ cases: 1, citizensAnonymised: 1, auditEntries: 1, loginFailures: 1, notes: 0 });
    expect(preview.counts.caseRows).toMatchObject({ case_note: 2, case_task: 1, follow_up_meeting: 1 });
    expect(preview.cutoffs.casesExitedBefore < t.today).toBe(true);
    expect(res.body).not.toContain(A.cpr);
    expect(res.body).not.toContain(A.name);
    const after = await dumpDatabase();
    const { audit_entry: auditAfter, ...restAfter } = after;
    const { audit_entry: auditBefore, ...restBefore } = before;
    expect(restAfter).toEqual(restBefore);
    expect(auditAfter.startsWith(auditBefore.slice(0, 200))).toBe(true); // only the dry run's own audit entry is new
  });

  it('refuses cut-offs other than the dry run showed, and deletes nothing then', async () => {
    const res = await as('henrik', 'POST', '/api/admin/privacy/retention/apply', { cutoffs: { ...preview.cutoffs, casesExitedBefore: '2030-01-01' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'cutoffs.casesExitedBefore' })]);
    expect((await t.db.query('SELECT id FROM sb_case WHERE id = $1', [caseA]))).toHaveLength(1);
    const extra = await as('henrik', 'POST', '/api/admin/privacy/retention/preview', { dryRun: false });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toEqual([expect.objectContaining({ path: 'dryRun' })]);
    const missing = await as('henrik', 'POST', '/api/admin/privacy/retention/apply', {});
    expect(missing.statusCode).toBe(400);
  });

  it('applies: removes exactly the cases past the period, anonymises their citizen and expires old audit entries', async () => {
    // Later the same day (the administrator read the report first): the cut-offs are whole days, so they still hold.
    t.clock.advance(20 * 60_000);
    const res = await as('henrik', 'POST', '/api/admin/privacy/retention/apply', { cutoffs: preview.cutoffs });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ applied: true, counts: { cases: 1, citizensAnonymised: 1 } });
    expect(await t.db.query('SELECT id FROM sb_case WHERE id = $1', [caseA])).toHaveLength(0);
    expect(await t.db.query('SELECT id FROM sb_case WHERE id = $1', [caseB])).toHaveLength(1);
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sb_case WHERE status = 'closed'`))[0].n).toBe(closedBefore - 1);
    for (const p of PERSONAL_DATA.filter((p) => p.via === 'case')) expect(await t.db.query(`SELECT 1 FROM ${p.table} WHERE case_id = $1`, [caseA]), p.table).toHaveLength(0);
    const [citizen] = await t.db.query<Record<string, unknown>>('SELECT * FROM citizen WHERE id = $1', [citizenA]);
    expect(citizen).toMatchObject({ cpr: null, name: null, phone: null, email: null });
    expect(citizen.anonymised_at).toBeTruthy();
    // The old audit entry expired; the recent ones stay and still point at the (now nameless) citizen.
    expect(await t.db.query(`SELECT 1 FROM audit_entry WHERE at < '2019-01-01'`)).toHaveLength(0);
    expect((await t.db.query(`SELECT 1 FROM audit_entry WHERE citizen_id = $1`, [citizenA])).length).toBeGreaterThan(3);
    expect(await t.db.query(`SELECT 1 FROM login_failure WHERE at < $1`, [new Date(t.clock.now().getTime() - 60 * 86_400_000)])).toHaveLength(0);
    expect(await t.db.query(`SELECT 1 FROM login_failure`)).toHaveLength(1);
    // The run is itself in the audit log.
    expect(await t.db.query(`SELECT 1 FROM audit_entry WHERE entity = 'retention' AND operation = 'write'`)).toHaveLength(1);
    // The citizen can no longer be looked up.
    expect((await as('henrik', 'POST', '/api/admin/privacy/export', { cpr: A.cpr })).statusCode).toBe(404);
  });

  it('leaves nothing about the citizen anywhere in the database', async () => {
    const dump = await dumpDatabase();
    const needles = [A.cpr, A.cprDashed, A.name, 'Ærtebjørn', 'Østergård', A.phone, phoneStored, phoneStored.replace(/\D/g, '').slice(-8), A.email, A.note, A.healthNote, A.meetingNote, A.task];
    for (const [table, text] of Object.entries(dump)) {
      for (const needle of needles) expect(text.includes(needle), `"${needle}" found in ${table}`).toBe(false);
    }
    // Citizen B is untouched.
    expect(dump.citizen).toContain(B.name);
    expect(dump.case_note).toContain(B.note);
  });

  it('a second run finds nothing more to do', async () => {
    const res = await as('henrik', 'POST', '/api/admin/privacy/retention/preview');
    expect(res.json().counts).toMatchObject({ cases: 0, citizensAnonymised: 0, auditEntries: 0, notes: 0, meetingNotes: 0 });
  });

  it('notes may go sooner than the case: the case stays, its notes and meeting notes go', async () => {
    const policy = { ...DEFAULT_POLICY, retention: { ...DEFAULT_POLICY.retention!, noteYears: 2 } };
    const tooLong = await as('henrik', 'POST', '/api/rules/policy', { effectiveFrom: t.today, policy: { ...policy, retention: { ...policy.retention, noteYears: 6 } }, reason: 'Opbevaring af notater' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors).toEqual([expect.objectContaining({ path: 'policy.retention.noteYears' })]);
    const saved = await as('henrik', 'POST', '/api/rules/policy', { effectiveFrom: t.today, policy, reason: 'Notater slettes to år efter sagens afslutning' });
    expect(saved.statusCode, saved.body).toBe(200);
    const p = (await as('henrik', 'POST', '/api/admin/privacy/retention/preview')).json();
    expect(p.counts).toMatchObject({ cases: 0, notes: 1, meetingNotes: 1 });
    expect((await as('henrik', 'POST', '/api/admin/privacy/retention/apply', { cutoffs: p.cutoffs })).statusCode).toBe(200);
    expect(await t.db.query('SELECT 1 FROM sb_case WHERE id = $1', [caseB])).toHaveLength(1);
    const dump = await dumpDatabase();
    for (const [table, text] of Object.entries(dump)) for (const s of [B.note, 'Bodils samtalenoter']) expect(text.includes(s), `"${s}" in ${table}`).toBe(false);
    expect(dump.case_task).toContain(B.task);
    const history = await t.db.query<{ payload: { text?: string } }>(`SELECT payload FROM case_action WHERE case_id = $1 AND type = 'note-added'`, [caseB]);
    expect(history.map((h) => h.payload.text)).toEqual([EXPIRED_TEXT]);
    // The case page still shows the (expired) history.
    expect((await as('mette', 'GET', `/api/cases/${caseB}`)).statusCode).toBe(200);
  });
});

describe(`the retur command (${engineName})`, () => {
  it('exports a citizen from a CPR number on stdin (JSON and PDF) and runs a dry run of retention', async () => {
    // The command runs against the engine of this test run: a fresh PostgreSQL database, or a PGlite folder.
    const dir = mkdtempSync(join(tmpdir(), 'retur-privacy-'));
    const pg = process.env.TEST_DATABASE_URL ? await openTestDb() : null;
    const open = async () => pg?.db ?? openPglite(dir);
    const env = { ...process.env, RETUR_DATA_DIR: dir, DATABASE_URL: pg?.url ?? '' };
    const run = (args: string[], input?: string) => execFileSync('node', ['bin/retur.js', ...args], { env, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      let db = await open();
      await migrate(db);
      await seedDemo(db, { scale: 'small', today: t.today });
      const [c] = await db.query<{ cpr: string; name: string }>('SELECT cpr, name FROM citizen ORDER BY id LIMIT 1');
      if (!pg) await db.close();
      const x = JSON.parse(run(['export', 'citizen', '--user', 'henrik'], `${c.cpr.slice(0, 6)}-${c.cpr.slice(6)}\n`));
      expect(x.citizen).toMatchObject({ cpr: c.cpr, name: c.name });
      expect(x.cases.length).toBeGreaterThan(0);
      const file = join(dir, 'indsigt.pdf');
      run(['export', 'citizen', '--pdf', file], c.cpr);
      expect(pdfText(readFileSync(file))).toContain(c.name);
      const report = JSON.parse(run(['retention']));
      expect(report).toMatchObject({ applied: false, counts: expect.objectContaining({ cases: 0 }) });
      db = await open();
      const audit = await db.query<{ user_id: number | null; endpoint: string }>(`SELECT user_id, endpoint FROM audit_entry WHERE entity IN ('citizen-export', 'retention') ORDER BY id`);
      expect(audit).toEqual([
        expect.objectContaining({ endpoint: 'CLI retur export citizen', user_id: expect.any(Number) }),
        expect.objectContaining({ endpoint: 'CLI retur export citizen', user_id: null }),
        expect.objectContaining({ endpoint: 'CLI retur retention', user_id: null }),
      ]);
      if (!pg) await db.close();
    } finally {
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
