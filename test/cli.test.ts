import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The `retur` command as an operator uses it, on a fresh embedded data folder. */
describe('the retur command', () => {
  it('migrates, seeds, refuses to seed twice without --reset, and recomputes plans', () => {
    const dir = mkdtempSync(join(tmpdir(), 'retur-cli-'));
    const env = { ...process.env, RETUR_DATA_DIR: dir, DATABASE_URL: '' };
    const run = (...args: string[]) => execFileSync('node', ['bin/retur.js', ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      run('migrate');
      run('seed', '--scale', 'small');
      let refused = '';
      try { run('seed', '--scale', 'small'); } catch (e) { refused = String((e as { stderr: string }).stderr); }
      expect(refused).toMatch(/--reset/);
      const r = JSON.parse(run('rules', 'recompute'));
      expect(r.cases).toBeGreaterThan(100);
      expect(r.deadlinesMoved).toBe(0);
      let bad = '';
      try { run('seed', '--scale', 'huge'); } catch (e) { bad = String((e as { stderr: string }).stderr); }
      expect(bad).toMatch(/--scale skal være/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000); // five cold starts of the command (tsx compiles the sources each time) on a shared 2-core machine

  it('explains a bad rules input by field and exits non-zero', () => {
    let err: { status: number; stderr: string } | null = null;
    try {
      execFileSync('node', ['bin/retur.js', 'rules', 'answer-due', '--channel', 'fax', '--received', '2026-02-30'], { env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    } catch (e) { err = e as { status: number; stderr: string }; }
    expect(err?.status).toBe(1);
    expect(err?.stderr).toMatch(/--channel: Kanal skal være phone, email, letter eller digital/);
  });
});
