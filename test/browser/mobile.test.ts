/** Phones first: at 375 px no page scrolls sideways; wide tables scroll in their own box. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
beforeAll(async () => { env = await startBrowserEnv(); });
afterAll(async () => { await env?.close(); });

describe('at 375 px wide', () => {
  it('no page of any role is wider than the phone', async () => {
    const [{ id }] = await env.t.db.query<{ id: number }>("SELECT c.id FROM sb_case c JOIN app_user u ON u.username = 'mette' AND u.team_id = c.team_id WHERE c.status = 'open' ORDER BY c.id LIMIT 1");
    const pages: [string, string[]][] = [
      ['mette', ['/arbejdsliste', '/sager', `/sager/${id}`, '/sager/ny', '/regler', '/kalender', '/grupper', '/print', '/arbejdsgivere', '/indsatser', '/ydelseshistorik']],
      ['lars', ['/team', '/klager']],
      ['henrik', ['/revision', '/persondata', '/beskeder', '/breve']],
    ];
    for (const [user, paths] of pages) {
      const context = await env.browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'da-DK' });
      const page = await context.newPage();
      await page.goto(env.baseUrl + '/');
      await page.getByLabel('Brugernavn').fill(user);
      await page.getByLabel('Adgangskode').fill('demo');
      await page.getByRole('button', { name: 'Log ind' }).click();
      await page.getByRole('button', { name: 'Log ud' }).waitFor();
      for (const path of paths) {
        await page.goto(env.baseUrl + path);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.waitForLoadState('networkidle');
        const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        expect(scroll, `${user} ${path}`).toBeLessThanOrEqual(client);
      }
      await context.close();
    }
  });
});
