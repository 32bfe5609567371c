import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, loginAs, expectAccessible, type BrowserEnv } from './browser.ts';
import { addDays } from '../../src/domain/dates.ts';

let env: BrowserEnv;
beforeAll(async () => { env = await startBrowserEnv(); });
afterAll(async () => { await env?.close(); });

describe('deadlines and rules in Chromium', () => {
  it('a caseworker sees why a deadline is due and moves it with a reason; the legal date stays', async () => {
    const [c] = await env.t.db.query<{ id: number; legal: string; due: string }>(
      `SELECT c.id, d.legal_date AS legal, d.due FROM sb_case c JOIN case_deadline d ON d.case_id = c.id AND d.kind = 'first-follow-up' AND d.status = 'open' AND d.rule_id = 'F-1'
         JOIN app_user u ON u.username = 'mette' AND u.team_id = c.team_id WHERE c.status = 'open' ORDER BY c.id LIMIT 1`);
    const page = await env.newPage();
    await loginAs(page, env.baseUrl, 'mette');
    await page.goto(`${env.baseUrl}/sager/${c.id}`);
    const row = page.locator('tr[data-kind="first-follow-up"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('SDL § 13 b, stk. 1');
    const explanation = row.locator('details p').first();
    expect(await explanation.isVisible()).toBe(false);
    await row.locator('summary').click();
    await expect.poll(() => explanation.isVisible()).toBe(true);
    await expect(explanation.textContent()).resolves.toMatch(/inden udgangen af 8\. uge/);
    await expectAccessible(page, 'case page with plan');

    const to = addDays(c.due, -2);
    await row.getByRole('button', { name: /Flyt fristen/ }).click();
    await page.getByLabel('Ny frist').fill(to);
    await page.getByRole('button', { name: 'Flyt fristen', exact: true }).click();
    await expect.poll(() => page.getByText('Skriv en begrundelse').first().isVisible()).toBe(true);
    await page.getByLabel('Begrundelse').fill('Borgeren er på ferie i uge 8');
    await page.getByRole('button', { name: 'Flyt fristen', exact: true }).click();
    await page.getByText('Fristen er flyttet.').waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toMatch(/Flyttet fra .* af Mette Sagsbehandler/);
    expect(text).toContain('Borgeren er på ferie i uge 8');
    const [stored] = await env.t.db.query<{ legal_date: string; adjusted_due: string }>("SELECT legal_date, adjusted_due FROM case_deadline WHERE case_id = $1 AND kind = 'first-follow-up'", [c.id]);
    expect(stored).toEqual({ legal_date: c.legal, adjusted_due: to });
    await expect(page.locator('ol.timeline').textContent()).resolves.toMatch(/Fristen «Første opfølgningssamtale» flyttet/);
  });

  it('a team leader previews what 1 January 2027 moves', async () => {
    const page = await env.newPage();
    await loginAs(page, env.baseUrl, 'lars');
    await page.getByRole('link', { name: 'Regler' }).click();
    await page.getByRole('heading', { name: 'Regler og frister' }).waitFor();
    await expect(page.locator('table').first().textContent()).resolves.toMatch(/RS-2027.*ikke verificeret/s);
    await expectAccessible(page, 'rules page');
    await page.getByRole('button', { name: 'Vis hvad der ændres' }).click();
    await expect.poll(() => page.getByText(/åbne sager får ændrede frister/).isVisible()).toBe(true);
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Revurdering/);
  });

  it('an administrator changes an answer deadline with a reason', async () => {
    const page = await env.newPage();
    await loginAs(page, env.baseUrl, 'henrik');
    await page.getByRole('link', { name: 'Regler' }).click();
    await page.getByLabel('Telefon').fill('3');
    // Closing the Friday after Ascension moves deadlines that fall on it; the preview says how many before saving.
    await page.getByLabel('Fredagen efter Kristi himmelfartsdag').check();
    await page.getByRole('button', { name: 'Forhåndsvis ændringen' }).click();
    await expect.poll(() => page.getByText(/Med denne politik fra/).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Gem politik' }).click();
    await expect.poll(() => page.getByText('Skriv en begrundelse').first().isVisible()).toBe(true);
    await page.getByLabel('Begrundelse (fx byrådsbeslutning)').fill('Udvalgets beslutning');
    await page.getByRole('button', { name: 'Gem politik' }).click();
    await page.getByText(/Politikken er gemt/).waitFor();
    await expect(page.getByText(/Udvalgets beslutning/).count()).resolves.toBeGreaterThan(0);
    const [{ policy }] = await env.t.db.query<{ policy: { answerDeadlines: { phone: number } } }>('SELECT policy FROM municipal_policy ORDER BY id DESC LIMIT 1');
    expect(policy.answerDeadlines.phone).toBe(3);
  });
});
