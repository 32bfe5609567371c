/**
 * `npm run bench`: the speed targets, measured (never asserted in tests).
 * Seeds the Copenhagen-scale demo (9,200 open cases, ~70 per caseworker) into a fresh embedded PGlite (or the
 * PostgreSQL server in BENCH_DATABASE_URL), then times the worklist and the case page as the server sees them
 * (Fastify's reply.elapsedTime), for a caseworker with about 70 cases.
 */
import { openPglite, openPostgres, type Database } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { buildServer } from '../src/api/server.ts';
import { clockFromEnv } from '../src/clock.ts';
import { recomputeOpenCases } from '../src/app/plans.ts';
import pg from 'pg';
import { benchOutbox } from './outbox.ts';

const N = Number(process.env.BENCH_REQUESTS || 300);

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, p50: +q(0.5).toFixed(1), p95: +q(0.95).toFixed(1), p99: +q(0.99).toFixed(1), max: +s[s.length - 1].toFixed(1) };
}

async function openBenchDb(): Promise<{ db: Database; label: string; drop: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) { const db = await openPglite(); return { db, label: 'PGlite (in memory)', drop: () => db.close() }; }
  const name = `retur_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect(); await admin.query(`CREATE DATABASE ${name}`); await admin.end();
  const u = new URL(url); u.pathname = `/${name}`;
  const db = openPostgres(u.toString());
  return { db, label: `PostgreSQL ${new URL(url).host}`, drop: async () => { await db.close(); const a = new pg.Client({ connectionString: url }); await a.connect(); await a.query(`DROP DATABASE ${name} WITH (FORCE)`); await a.end(); } };
}

export async function runBench() {
  const clock = clockFromEnv();
  const today = clock.today();
  const { db, label, drop } = await openBenchDb();
  const out: Record<string, unknown> = { engine: label, today };
  try {
    await migrate(db);
    let t0 = performance.now();
    const seeded = await seedDemo(db, { scale: 'copenhagen', today });
    out.seedCopenhagenMs = Math.round(performance.now() - t0);
    out.seeded = seeded;
    t0 = performance.now();
    const r = await db.transaction((tx) => recomputeOpenCases(tx, today));
    out.recomputeAllMs = Math.round(performance.now() - t0);
    out.recomputed = r;

    const app = await buildServer({ db, clock, web: false });
    const times = new Map<string, number[]>();
    app.addHook('onResponse', async (req, reply) => {
      const key = req.routeOptions.url ?? req.url;
      (times.get(key) ?? times.set(key, []).get(key)!).push(reply.elapsedTime);
    });
    await app.ready();
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'mette', password: 'demo' } });
    const cookie = `retur_session=${login.cookies[0].value}`;
    const [me] = await db.query<{ id: number; n: number }>("SELECT u.id, count(c.id) AS n FROM app_user u JOIN sb_case c ON c.caseworker_id = u.id AND c.status = 'open' WHERE u.username = 'mette' GROUP BY u.id");
    out.caseworkerOpenCases = me.n;
    const caseIds = (await db.query<{ id: number }>("SELECT id FROM sb_case WHERE caseworker_id = $1 AND status = 'open'", [me.id])).map((c) => c.id);
    for (let i = 0; i < 20; i++) { await app.inject({ url: '/api/worklist', headers: { cookie } }); await app.inject({ url: `/api/cases/${caseIds[i % caseIds.length]}`, headers: { cookie } }); }
    times.clear();
    for (let i = 0; i < N; i++) {
      const a = await app.inject({ url: '/api/worklist', headers: { cookie } });
      const b = await app.inject({ url: `/api/cases/${caseIds[i % caseIds.length]}`, headers: { cookie } });
      if (a.statusCode !== 200 || b.statusCode !== 200) throw new Error(`bench request failed: ${a.statusCode} ${b.statusCode}`);
    }
    out.worklistMs = stats(times.get('/api/worklist')!);
    out.casePageMs = stats(times.get('/api/cases/:id')!);
    out.target = 'p95 < 100 ms';
    // Letters: render from the template, make the PDF, approve, and queue the MeMo (orientation letters carry the
    // course overview as a second PDF). One request each, as a caseworker sends them.
    const letterIds = caseIds.slice(0, Math.min(40, caseIds.length));
    for (const [i, id] of letterIds.entries()) {
      const res = await app.inject({ method: 'POST', url: `/api/cases/${id}/letters`, headers: { cookie }, payload: { template: i % 2 ? 'orientation' : 'meeting-invitation', approve: true } });
      if (res.statusCode !== 201) throw new Error(`bench letter failed: ${res.statusCode} ${res.body}`);
    }
    out.letterMs = stats(times.get('/api/cases/:id/letters')!);
    await app.close();
    // Messages per second through the outbox worker and the local stand-in gateway (its own in-memory PGlite).
    out.outbox = await benchOutbox();
  } finally {
    await drop();
  }
  return out;
}
