import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, loginAs, expectAccessible, type BrowserEnv } from './browser.ts';
import { addDays, instantInDenmark, weekday, type IsoDate } from '../../src/domain/dates.ts';
import { municipalCalendar } from '../../src/rules/calendar.ts';

let env: BrowserEnv;
beforeAll(async () => { env = await startBrowserEnv(); });
afterAll(async () => { await env?.close(); });

/** The next Monday-Thursday that is a municipal working day: the session falls inside default working hours. */
function nextWorkday(from: IsoDate): IsoDate {
  const cal = municipalCalendar();
  let d = addDays(from, 1);
  while (!cal.isWorkingDay(d) || weekday(d) < 1 || weekday(d) > 4) d = addDays(d, 1);
  return d;
}

describe('a group session in Chromium', () => {
  it('a caseworker creates a session, invites 6 citizens and records attendance; each participant\'s plan moves', async () => {
    const { t } = env;
    // A caseworker of Mette's team with an empty calendar (the demo fills Mette's days with meetings).
    await t.db.query(`INSERT INTO app_user (username, name, role, team_id, password_hash)
      SELECT 'gitte', 'Gitte Gruppeleder', 'caseworker', team_id, password_hash FROM app_user WHERE username = 'mette'`);
    const cookie = await t.login('gitte');
    const ids: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: {
        citizen: { cpr: `${String(i).padStart(2, '0')}0490${4200 + i}`, name: `Gruppe Borger ${i}` }, kind: 'sickness_benefit',
        firstAbsenceDay: addDays(t.today, -70), employment: 'unemployed', sickLeave: 'full', expectedFullReturn: addDays(t.today, 200), targetGroup: 2,
      } });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const plan = (id: number) => t.db.query<{ kind: string; status: string; due: string }>('SELECT kind, status, due::text AS due FROM case_deadline WHERE case_id = $1 ORDER BY kind, due', [id]);
    const before = await Promise.all(ids.map(plan));

    const day = nextWorkday(t.today);
    t.clock.set(instantInDenmark(day, '08:50'));
    const page = await env.newPage();
    await loginAs(page, env.baseUrl, 'gitte');
    await page.getByRole('link', { name: 'Grupper' }).click();
    await page.getByRole('heading', { name: 'Gruppeforløb', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Nyt gruppeforløb' }).click();
    await page.getByLabel('Tema').selectOption('stress');
    await page.getByLabel('Dato').fill(day);
    await page.getByLabel('Klokkeslæt').fill('09:00');
    await page.getByLabel('Videolink').fill('https://video.example.dk/stress');
    await expectAccessible(page, 'new group session form');
    await page.getByRole('button', { name: 'Opret gruppeforløb' }).click();
    await page.getByText('Gruppeforløbet er oprettet.').waitFor();
    const session = page.locator('li.panel', { hasText: 'Stress og mestring' });
    await expect(session.textContent()).resolves.toMatch(/0 af 7 pladser \(mindst 5\)/);

    await session.getByRole('button', { name: 'Invitér borgere' }).click();
    await page.getByLabel('Målgruppe').selectOption('2');
    await page.getByLabel('Mindst uger på sygedagpenge').fill('10');
    for (let i = 1; i <= 6; i++) await page.getByLabel(`Vælg Gruppe Borger ${i}`).check();
    await expectAccessible(page, 'invite citizens');
    await page.getByRole('button', { name: 'Invitér valgte (6)' }).click();
    await page.getByText('6 borgere er inviteret.').waitFor();
    // The list reloads after the invitation: wait for the count rather than read it once.
    await session.getByText(/6 af 7 pladser/).waitFor();

    // The session has begun: the caseworker records who came.
    t.clock.set(instantInDenmark(day, '09:05'));
    await session.getByRole('button', { name: 'Registrér fremmøde' }).click();
    for (let i = 1; i <= 6; i++) await expect(page.getByLabel(`Fremmøde for Gruppe Borger ${i}`).inputValue()).resolves.toBe('attended');
    await page.getByRole('button', { name: 'Gem fremmøde' }).click();
    await page.getByText('Fremmødet er registreret, og deltagernes planer er genberegnet.').waitFor();
    await expect(session.textContent()).resolves.toMatch(/Holdt/);
    expect(await session.getByText('Borgeren deltog').count()).toBe(6);

    const after = await Promise.all(ids.map(plan));
    for (let i = 0; i < 6; i++) {
      expect(after[i], `case ${ids[i]}`).not.toEqual(before[i]);
      expect(after[i].find((d) => d.kind === 'first-follow-up')?.status).toBe('met');
    }
    // The case page shows the first follow-up met by the group meeting.
    await session.getByRole('link', { name: 'Gruppe Borger 1' }).click();
    await page.getByRole('heading', { name: /Gruppe Borger 1/ }).waitFor();
    await expect(page.locator('tr[data-kind="first-follow-up"]').textContent()).resolves.toMatch(/Opfyldt/);
  });
});
