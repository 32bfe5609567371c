import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, loginAs, expectAccessible, type BrowserEnv } from './browser.ts';
import { addDays } from '../../src/domain/dates.ts';

let env: BrowserEnv;
beforeAll(async () => { env = await startBrowserEnv(); });
afterAll(async () => { await env?.close(); });

describe("the caseworker's day in Chromium", () => {
  it('finds an overdue first follow-up at the top, records a phone meeting, and sees the next deadline take its place', async () => {
    // The oldest overdue item in Mette's list is a first follow-up: a case from 70 days ago with no meeting yet.
    const page = await env.newPage();
    await loginAs(page, env.baseUrl, 'mette');
    await page.goto(`${env.baseUrl}/sager/ny`);
    await page.getByLabel('CPR-nummer', { exact: true }).fill('101085-4321');
    await page.getByLabel('Navn', { exact: true }).fill('Jonas Overskredet');
    await page.getByLabel('Sygemeldt fra').selectOption('unemployed');
    await page.getByLabel('Første fraværsdag').fill(addDays(env.t.today, -400));
    await page.getByRole('button', { name: 'Opret sag' }).last().click();
    await page.getByRole('heading', { name: /Jonas Overskredet/ }).waitFor();

    await page.getByRole('link', { name: 'Arbejdsliste' }).click();
    const first = page.locator('ol.worklist li').first();
    await first.waitFor();
    await expect(first.textContent()).resolves.toMatch(/Første opfølgningssamtale.*Jonas Overskredet.*dage over/s);
    await expect(page.getByRole('heading', { name: /Overskredet/ }).first().isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'worklist');
    await first.locator('details summary').click();
    await expect(first.textContent()).resolves.toMatch(/SDL § 13 b, stk\. 1.*8\. uge/s);

    await first.getByRole('link').click();
    await page.getByRole('heading', { name: /Jonas Overskredet/ }).waitFor();
    await page.getByRole('button', { name: 'Registrér samtale' }).click();
    await page.getByLabel('Samtaleform').selectOption('phone');
    await page.getByLabel('Delvis raskmeldt').check();
    await page.getByLabel('Timer i arbejde pr. uge').fill('15');
    await page.getByLabel('Notat fra samtalen').fill('Borgeren kan ikke møde op; telefonsamtale aftalt');
    await expectAccessible(page, 'record meeting form');
    await page.getByRole('button', { name: 'Gem samtalen' }).click();
    await page.getByText('Samtalen er registreret, og fristerne er genberegnet.').waitFor();
    await expect(page.locator('tr[data-kind="first-follow-up"]').textContent()).resolves.toMatch(/Opfyldt/);

    await page.getByRole('link', { name: 'Arbejdsliste' }).click();
    await page.locator('ol.worklist li').first().waitFor();
    const lines = await page.locator('ol.worklist li', { hasText: 'Jonas Overskredet' }).allTextContents();
    expect(lines.join('\n')).not.toMatch(/Første opfølgningssamtale/);
    expect(lines.join('\n')).toMatch(/Fire opfølgningssamtaler i første halve år|Revurdering/);
  });

  it('a team leader moves one case each from two caseworkers to a third in one action, and the third sees them', async () => {
    const team = await env.t.db.query<{ id: number; name: string; username: string }>(
      "SELECT u.id, u.name, u.username FROM app_user u JOIN app_user m ON m.username = 'mette' AND m.team_id = u.team_id WHERE u.role = 'caseworker' ORDER BY u.username = 'mette' DESC, u.id LIMIT 3");
    const [mette, second, receiver] = team;
    const lead = await env.newPage();
    await loginAs(lead, env.baseUrl, 'lars');
    await lead.getByRole('heading', { name: 'Sagsstamme' }).waitFor();
    await expectAccessible(lead, 'team page');
    await lead.getByLabel(`Vælg ${mette.name}`).check();
    await lead.getByLabel(`Vælg ${second.name}`).check();
    await lead.getByRole('button', { name: 'Flyt sager fra de valgte (2)' }).click();
    await lead.getByRole('heading', { name: `Flyt sager fra ${mette.name} og ${second.name}` }).waitFor();
    await lead.getByLabel('Antal fra hver').fill('1');
    await lead.getByRole('button', { name: 'Vælg de første' }).click();
    await expect.poll(() => lead.getByText('2 valgt').isVisible()).toBe(true);
    const chosen = await lead.locator('.scroll tbody tr', { has: lead.locator('input:checked') }).locator('td:nth-child(2)').allTextContents();
    expect(chosen).toHaveLength(2);
    await lead.getByLabel('Til sagsbehandler').selectOption(String(receiver.id));
    await lead.getByLabel('Begrundelse').fill('Ny kollega starter');
    await expectAccessible(lead, 'reassignment panel');
    await lead.getByRole('button', { name: 'Flyt 2 sager' }).click();
    await lead.getByText(`2 sager er flyttet fra ${mette.name} og ${second.name}.`).waitFor();
    const owners = await env.t.db.query<{ caseworker_id: number }>('SELECT caseworker_id FROM sb_case WHERE id = ANY($1::int[])', [chosen.map(Number)]);
    expect(owners.map((o) => o.caseworker_id)).toEqual([receiver.id, receiver.id]);

    await env.t.db.query("UPDATE app_user SET password_hash = (SELECT password_hash FROM app_user WHERE username = 'mette') WHERE id = $1", [receiver.id]);
    const theirs = await env.newPage();
    await loginAs(theirs, env.baseUrl, receiver.username);
    await theirs.getByRole('link', { name: 'Sager' }).click();
    await theirs.getByLabel('Sagsbehandler').selectOption(String(receiver.id));
    await theirs.getByRole('button', { name: 'Søg' }).click();
    for (const id of chosen) await theirs.getByRole('link', { name: id, exact: true }).waitFor();
  });
});
