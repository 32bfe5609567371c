import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBrowserEnv, loginAs, expectAccessible, type BrowserEnv } from './browser.ts';
import { addDays } from '../../src/domain/dates.ts';

let env: BrowserEnv;
let page: Page;
beforeAll(async () => {
  env = await startBrowserEnv();
  page = await env.newPage();
});
afterAll(async () => { await env?.close(); });

describe('the case register in Chromium', () => {
  it('logs in with the keyboard alone', async () => {
    await page.goto(env.baseUrl + '/');
    await expectAccessible(page, 'login');
    await page.keyboard.type('mette'); // the user name field has focus on arrival
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Arbejdsliste' }).waitFor();
    await page.getByRole('link', { name: 'Sager' }).click();
    await page.getByRole('heading', { name: 'Sager' }).waitFor();
    await expect.poll(() => page.locator('table.list tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'case list');
  });

  it('shows Danish errors next to the fields, then creates the case', async () => {
    await page.getByRole('link', { name: 'Opret sag' }).click();
    await page.getByRole('heading', { name: 'Opret sag' }).waitFor();
    await expectAccessible(page, 'new case form');
    await page.getByLabel('CPR-nummer', { exact: true }).fill('310290-1234');
    await page.getByLabel('Navn', { exact: true }).fill('Jonas Browsersen');
    await page.getByLabel('CVR-nummer').fill('29403474');
    await page.getByLabel('Første fraværsdag').fill(addDays(env.t.today, 5));
    await page.getByRole('button', { name: 'Opret sag' }).click();
    const cprField = page.getByLabel('CPR-nummer', { exact: true });
    await expect.poll(() => cprField.getAttribute('aria-invalid')).toBe('true');
    await expect(page.locator('#' + (await cprField.getAttribute('aria-describedby'))!.split(' ').pop()).textContent()).resolves.toMatch(/fødselsdato, der ikke findes/);
    await expect(page.getByText('CVR-nummeret er ugyldigt (kontrolcifferet passer ikke)').first().isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'new case form with errors');

    await cprField.fill('280290-1234');
    await page.getByLabel('CVR-nummer').fill('29403473');
    await page.getByLabel('Virksomhedens navn').fill('Fjordby Plejecenter');
    await page.getByRole('button', { name: 'Opret sag' }).click();
    // The schema errors are fixed; the future first absence day is the domain's own check.
    await expect.poll(() => page.getByText('Første fraværsdag kan ikke ligge i fremtiden').first().isVisible()).toBe(true);
    await page.getByLabel('Første fraværsdag').fill(addDays(env.t.today, -10));
    await page.getByRole('button', { name: 'Opret sag' }).click();
    await page.getByRole('heading', { name: /Jonas Browsersen/ }).waitFor();
    await expect(page.getByText('280290-1234').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'case page');
  });

  it('edits, closes and reopens the case; the timeline shows each step', async () => {
    await page.getByRole('button', { name: 'Ret oplysninger' }).click();
    await page.getByLabel('Sygemelding', { exact: true }).selectOption('partial');
    await page.getByRole('button', { name: 'Gem', exact: true }).click();
    await expect.poll(() => page.getByText(/Skriv hvor mange timer/).first().isVisible()).toBe(true);
    await page.getByLabel('Timer i arbejde pr. uge').fill('15');
    await page.getByRole('button', { name: 'Gem', exact: true }).click();
    await page.getByText('Oplysningerne er gemt.').waitFor();
    await expect(page.locator('ol.timeline').textContent()).resolves.toMatch(/Sygemelding: Fuldt sygemeldt → Delvist sygemeldt/);

    await page.getByRole('button', { name: 'Afslut sag' }).click();
    await page.getByLabel('Afslutningsdato').fill(env.t.today);
    await page.getByLabel('Afslutningsårsag').selectOption('back_full');
    await page.getByRole('button', { name: 'Afslut sagen' }).click();
    await page.getByText('Sagen er afsluttet.').waitFor();
    await page.getByRole('button', { name: 'Genåbn sag' }).click();
    await page.getByRole('button', { name: 'Genåbn' }).click();
    await expect.poll(() => page.getByText(/Skriv en begrundelse/).first().isVisible()).toBe(true);
    await page.getByLabel('Begrundelse').fill('Ny lægeerklæring');
    await page.getByRole('button', { name: 'Genåbn' }).click();
    await page.getByText('Sagen er genåbnet.').waitFor();
    const timeline = await page.locator('ol.timeline').textContent();
    expect(timeline).toMatch(/Genåbnet. Begrundelse: Ny lægeerklæring/);
    expect(timeline).toMatch(/Afsluttet .*Raskmeldt, fuldt tilbage i arbejde/);
  });

  it('finds the case by CPR number in the search', async () => {
    await page.getByRole('link', { name: 'Sager' }).click();
    await page.getByLabel('CPR-nummer, navn eller sagsnummer').fill('2802901234');
    await page.getByRole('button', { name: 'Søg' }).click();
    await expect.poll(() => page.locator('table.list tbody tr').count()).toBe(1);
    await expect(page.locator('table.list tbody').textContent()).resolves.toContain('Jonas Browsersen');
  });

  it('an analyst sees cases without names or CPR numbers', async () => {
    const p = await env.newPage();
    await loginAs(p, env.baseUrl, 'anne');
    await p.getByRole('link', { name: 'Sager', exact: true }).click();
    await expect.poll(() => p.locator('table.list tbody tr').count()).toBeGreaterThan(0);
    const text = (await p.locator('table.list').textContent()) ?? '';
    expect(text).not.toContain('Jonas Browsersen');
    expect(text).toMatch(/Borger \d+/);
    expect(await p.getByLabel('CPR-nummer, navn eller sagsnummer').count()).toBe(0);
    await p.close();
  });
});
