/** An administrator edits a letter template with a live preview and keeps the old version; a caseworker sends a letter from it. */
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

  it('a caseworker writes a letter from the edited template, reads the draft, and approves it for Digital Post', async () => {
    const [c] = await env.t.db.query<{ id: number; name: string }>(
      `SELECT c.id, ci.name FROM sb_case c JOIN citizen ci ON ci.id = c.citizen_id JOIN app_user u ON u.id = c.caseworker_id
        WHERE u.username = 'mette' AND c.status = 'open' AND NOT ci.digital_post_exempt ORDER BY c.id LIMIT 1`);
    const page = await env.newPage();
    await loginAs(page, env.baseUrl, 'mette');
    await page.goto(`${env.baseUrl}/sager/${c.id}`);
    const letters = page.getByRole('region', { name: 'Breve' });
    await letters.getByLabel('Skabelon').selectOption('orientation');
    await letters.getByRole('button', { name: 'Lav udkast' }).click();
    await page.getByText('Udkastet er klar. Læs det, og godkend det, når det er rigtigt.').waitFor();
    // The draft is the administrator's new version, merged with this citizen's name.
    await letters.getByText(`Kære ${c.name}. Vi har modtaget din sygemelding.`).waitFor();
    await letters.getByText('skabelon version 2').waitFor();
    await letters.getByRole('button', { name: 'Godkend og send' }).click();
    await page.getByText('Brevet er godkendt og sendes med Digital Post nu.').first().waitFor();
    await letters.getByText('Klar til afsendelse').waitFor();
    await expectAccessible(page, 'sagens breve');
    const [m] = await env.t.db.query<{ channel: string; status: string }>(
      'SELECT m.channel, m.status FROM outbox_message m JOIN letter l ON l.id = m.letter_id WHERE l.case_id = $1', [c.id]);
    expect(m).toEqual({ channel: 'digital-post', status: 'queued' });
  });
});
