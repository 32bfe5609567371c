#!/usr/bin/env node
// `npm test`: the whole suite on PGlite, then again on PostgreSQL (TEST_DATABASE_URL, default the local
// server at postgres://postgres@127.0.0.1:5432/test). Browser tests run in the first pass, in Debian's
// Chromium. In CI (CI=true) a missing PostgreSQL or Chromium is a failure; on a developer's machine it is
// reported and that part is left out, so `npm ci && npm test` still runs everything the machine can.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const pgUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const extra = process.argv.slice(2);
const results = [];
const reportDir = mkdtempSync(join(tmpdir(), 'retur-test-'));
let passed = 0;
let failed = 0;

function vitest(label, env, args) {
  process.stderr.write(`\n=== ${label} ===\n`);
  const report = join(reportDir, `${results.length}.json`);
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args, ...extra], { stdio: 'inherit', env: { ...process.env, ...env } });
  let counts = '';
  try {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    passed += j.numPassedTests; failed += j.numFailedTests;
    counts = ` (${j.numPassedTests} passed, ${j.numFailedTests} failed)`;
  } catch { failed += 1; }
  results.push([label + counts, r.status === 0]);
}

async function reachable(url) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try { await c.connect(); await c.end(); return true; } catch { return false; }
}

const haveChromium = existsSync(chromium);
if (!haveChromium) {
  const msg = `Chromium not found at ${chromium} (install: apt-get install -y chromium)`;
  if (ci) { console.error(msg); process.exit(1); }
  console.error(`${msg}: browser tests left out of this run.`);
}
vitest('PGlite (embedded)', { TEST_DATABASE_URL: '', RETUR_BROWSER_TESTS: haveChromium ? '1' : '' }, haveChromium ? [] : ['--exclude', 'test/browser/**']);

if (await reachable(pgUrl)) {
  vitest(`PostgreSQL (${new URL(pgUrl).host})`, { TEST_DATABASE_URL: pgUrl }, ['--exclude', 'test/browser/**']);
} else {
  const msg = `PostgreSQL not reachable at ${new URL(pgUrl).host}`;
  if (ci) { console.error(msg); process.exit(1); }
  console.error(`${msg}: the PostgreSQL pass is left out of this run.`);
}

console.log('\nSummary:');
for (const [label, ok] of results) console.log(`  ${ok ? 'passed' : 'FAILED'}  ${label}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every(([, ok]) => ok) && failed === 0 ? 0 : 1);
