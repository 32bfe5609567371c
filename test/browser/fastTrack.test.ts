/**
 * Issue 10 in Chromium: an employer's fast-track request arrives through the API (as NemRefusion or the employer's
 * HR system would send it, without the case's version), the first follow-up within 2 weeks (SDL § 13 b, stk. 2)
 * appears on the caseworker's worklist at once, and the caseworker books the meeting before that deadline through the
 * case page's booking UI. A second case gets its request through the case page's form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, loginAs, expectAccessible, type BrowserEnv } from './browser.ts';
import { addDays } from '../../src/domain/dates.ts';

let env: BrowserEnv;
beforeAll(async () => { env = await startBrowserEnv(); });
afterAll(async () => { await env?.close(); });

async function employedCase(cpr: string, name: string, daysAgo: number) {
  const res = await env.t.as('mette', 'POST', '/api/cases', {
    citizen: { cpr, name }, kind: 'sickness_benefit', firstAbsenceDay: addDays(env.t.today, -daysAgo), employment: 'employed',
    employer: { cvr: '31000017', name: 'Hurtigspor Hjemmepleje' }, sickLeave: 'full', targetGroup: 2,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number };
}

describe('fast track in Chromium', () => {
  it("an employer's request puts the first follow-up on the worklist, and the caseworker books it within 2 weeks", async () => {
    const { id } = await employedCase('120385-4321', 'Freja Hurtigspor', 12);
    const requested = addDays(env.t.today, -1);
    const req = await env.t.as('mette', 'POST', `/api/cases/${id}/fast-track`, { requestedBy: 'employer', requested });
    expect(req.statusCode, req.body).toBe(201);
    const { firstFollowUp } = req.json() as { firstFollowUp: { due: string; ruleId: string } };
    expect(firstFollowUp.ruleId).toBe('T-10');
    expect(firstFollowUp.due <= addDays(requested, 14)).toBe(true);

    const page = await env.newPage();
    await loginAs(page, env.baseUrl, 'mette');
    await page.getByRole('link', { name: 'Arbejdsliste' }).click();
    const line = page.locator('ol.worklist li', { hasText: 'Freja Hurtigspor' }).filter({ hasText: 'Første opfølgningssamtale' });
    await line.waitFor();
    await line.locator('details summary').click();
    await expect(line.textContent()).resolves.toMatch(/2 uger efter anmodningen/);

    await line.getByRole('link').click();
    await page.getByRole('heading', { name: /Freja Hurtigspor/ }).waitFor();
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Arbejdsgiver og fast track' }) });
    await panel.getByText('Fast track (første samtale inden 2 uger)').waitFor();
    await expect(panel.locator('tr[data-fast-track-kind="first-follow-up"]').textContent()).resolves.toMatch(/T-10/);
    await expectAccessible(page, 'case page with the fast-track panel');

    // Book the first meeting on the first free slot the calendar proposes before the deadline.
    await page.getByRole('button', { name: 'Book samtale' }).click();
    const slots = page.getByRole('group', { name: 'Ledige tider' });
    await slots.getByText(/Ledige tider før fristen/).waitFor();
    await slots.getByRole('button').first().click();
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByText('Samtalen er booket.').waitFor();
    const [meeting] = await env.t.db.query<{ planned_for: string }>(`SELECT planned_for FROM follow_up_meeting WHERE case_id = $1 AND status = 'planned'`, [id]);
    expect(meeting.planned_for <= firstFollowUp.due).toBe(true);
    expect(meeting.planned_for >= env.t.today).toBe(true);

    await page.getByRole('link', { name: 'Arbejdsliste' }).click();
    await page.locator('ol.worklist li').first().waitFor();
    const lines = (await page.locator('ol.worklist li', { hasText: 'Freja Hurtigspor' }).allTextContents()).join('\n');
    expect(lines).toMatch(/Første opfølgningssamtale/);
    expect(lines).toMatch(/samtale/i);
    expect(await page.locator('ol.worklist li', { hasText: 'Freja Hurtigspor' }).count()).toBeGreaterThanOrEqual(2);
  });

  it('the case page form registers a late request, shows the reason, and keeps the ordinary deadline', async () => {
    const { id } = await employedCase('150685-2345', 'Sune Senkomst', 50);
    const page = await env.newPage();
    await loginAs(page, env.baseUrl, 'mette');
    await page.goto(`${env.baseUrl}/sager/${id}`);
    await page.getByRole('heading', { name: /Sune Senkomst/ }).waitFor();
    const form = page.getByRole('form', { name: 'Registrér anmodning om fast track' });
    await form.getByLabel('Anmodet af').selectOption('employer');
    await form.getByLabel('Anmodet den').fill(env.t.today);
    await form.getByRole('button', { name: 'Registrér anmodning' }).click();
    await page.getByText(/kom for sent: de almindelige frister gælder/).first().waitFor();
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Arbejdsgiver og fast track' }) });
    await panel.getByText('For sen: almindelige frister').waitFor();
    await expect(panel.textContent()).resolves.toMatch(/efter de første 5 uger/);
    await expect(panel.locator('tr[data-fast-track-kind="first-follow-up"]').textContent()).resolves.toMatch(/F-1/);
  });
});
