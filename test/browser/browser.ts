/** Starts retur on a free port and a headless Debian Chromium driven by playwright-core. */
import { chromium, type Browser, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { expect } from 'vitest';
import { startTestApp, type TestApp } from '../helpers.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface BrowserEnv { t: TestApp; browser: Browser; baseUrl: string; newPage(): Promise<Page>; close(): Promise<void> }

export async function startBrowserEnv(): Promise<BrowserEnv> {
  const t = await startTestApp({ web: true });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  // axe-core needs pages from an explicit context; each page gets its own (separate cookies).
  const newPage = async () => {
    const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  };
  return { t, browser, baseUrl, newPage, close: async () => { await browser.close(); await t.close(); } };
}

export async function loginAs(page: Page, baseUrl: string, username: string) {
  await page.goto(baseUrl + '/');
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill('demo');
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('button', { name: 'Log ud' }).waitFor();
}

/** axe-core finds no serious or critical accessibility violations on the page as it is now. */
export async function expectAccessible(page: Page, where: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), where).toEqual([]);
}
