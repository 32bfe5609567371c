/** An administrator edits a letter template with a live preview and keeps the old version. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, loginAs, expectAccessible, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
beforeAll(async () => { env = await startBrowserEnv(); });
afterAll(async () => { await env?.close(); });

describe('letter templates', () => {
  it('an administrator previews a change, sees LIX and an unknown field named, and saves a new version', async () => {
    const page = await env.newPage();
    await loginAs(page, env.baseUrl, 'henrik');
    await page.getByRole('link', { name: 'Breve' }).click();
    await page.getByRole('button', { name: /Orientering/ }).first().click();
    const editor = page.locator('textarea[name="templateBody"]');
    await editor.fill('Kære {{ borger.navn }}. Vi har modtaget din sygemelding. {{ borger.skostørrelse }}');
    await page.getByText('Ukendte flettefelter: borger.skostørrelse').waitFor();
    await editor.fill('Kære {{ borger.navn }}. Vi har modtaget din sygemelding.');
    await page.getByText(/Vi har modtaget din sygemelding/).last().waitFor();
    await page.getByText(/^LIX \d+/).first().waitFor();
    await page.getByLabel('Begrundelse for ændringen').fill('Kortere indledning');
    await page.getByRole('button', { name: 'Gem ny version' }).click();
    await page.getByText('Den nye version er gemt. Den gamle er bevaret.').waitFor();
    await page.getByText(/Version 2, .*Henrik IT: Kortere indledning/).waitFor();
    await page.getByText(/Version 1, .*Skabelon leveret med retur/).waitFor();
    await expectAccessible(page, 'brevskabeloner');
    const [{ n }] = await env.t.db.query<{ n: number }>("SELECT count(*) AS n FROM letter_template_version WHERE template_id = 'orientation'");
    expect(Number(n)).toBe(2);
  });
});
