/**
 * Unhandled events (issue 14): an event raised on a case is on its caseworker's worklist between the overdue
 * deadlines and today's work, with its type and id; handling it (one action, an optional note) takes it off every
 * worklist at once and is audited; a second attempt is told who was first; other teams cannot touch it; the team
 * leader sees the count and age per caseworker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, startTestApp, type TestApp } from '../helpers.ts';
import { raiseEvent } from '../../src/app/events.ts';
import { addDays } from '../../src/domain/dates.ts';

const today = '2026-12-02';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ today }); });
afterAll(async () => { await t?.close(); });

interface Item { type: string; kind: string; caseId: number; eventId: number | null; group: string; due: string; why: string }
const worklist = async (user: string, q = '') => (await t.as(user, 'GET', `/api/worklist${q}`)).json() as { counts: Record<string, number>; items: Item[] };

async function metteCase(): Promise<number> {
  const [c] = await t.db.query<{ id: number }>(
    `SELECT c.id FROM sb_case c JOIN app_user u ON u.id = c.caseworker_id WHERE u.username = 'mette' AND c.status = 'open' ORDER BY c.id LIMIT 1`);
  return c.id;
}
const at = (day: string) => new Date(`${day}T10:00:00+01:00`);

describe(`unhandled events (${engineName})`, () => {
  let caseId: number;
  let moveId: number;
  let formId: number;

  beforeAll(async () => {
    caseId = await metteCase();
    moveId = (await t.db.transaction((tx) => raiseEvent(tx, { caseId, kind: 'meeting-move-requested', origin: 'citizen', at: at(addDays(today, -3)), summary: 'Borgeren beder om at flytte samtalen 7. december', subjectType: 'follow_up_meeting', subjectId: 1, dedupeKey: `test-move-${caseId}` })))!;
    formId = (await t.db.transaction((tx) => raiseEvent(tx, { caseId, kind: 'information-form-returned', origin: 'citizen', at: at(today), summary: 'Oplysningsskemaet er udfyldt online' })))!;
  });

  it('raising an event twice with the same key gives one event', async () => {
    const again = await t.db.transaction((tx) => raiseEvent(tx, { caseId, kind: 'meeting-move-requested', origin: 'citizen', at: at(today), summary: 'igen', dedupeKey: `test-move-${caseId}` }));
    expect(again).toBeNull();
    const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_event WHERE case_id = $1', [caseId]);
    expect(n).toBe(2);
  });

  it('puts events on the worklist after the overdue deadlines and before today, with type, kind and id', async () => {
    const w = await worklist('mette');
    const events = w.items.filter((i) => i.type === 'event' && i.caseId === caseId);
    expect(events.map((e) => [e.kind, e.eventId, e.group])).toEqual([['meeting-move-requested', moveId, 'unhandled'], ['information-form-returned', formId, 'unhandled']]);
    const groups = w.items.map((i) => i.group);
    const rank = { overdue: 0, unhandled: 1, today: 2, week: 3, later: 4 } as Record<string, number>;
    expect(groups.map((g) => rank[g])).toEqual([...groups.map((g) => rank[g])].sort((a, b) => a - b));
    expect(w.counts.unhandled).toBeGreaterThanOrEqual(2);
    // The filter by type.
    const only = await worklist('mette', '?kind=meeting-move-requested');
    expect(only.items.every((i) => i.kind === 'meeting-move-requested')).toBe(true);
    expect(only.items.some((i) => i.eventId === moveId)).toBe(true);
  });

  it("the team leader sees unhandled events per caseworker and how old the oldest is", async () => {
    const res = await t.as('lars', 'GET', '/api/team/unhandled');
    expect(res.statusCode, res.body).toBe(200);
    const mette = (res.json().caseworkers as { name: string; total: number; oldestDays: number; byKind: Record<string, number> }[]).find((c) => c.name === 'Mette Sagsbehandler')!;
    expect(mette.total).toBeGreaterThanOrEqual(2);
    expect(mette.oldestDays).toBeGreaterThanOrEqual(3);
    expect(mette.byKind['meeting-move-requested']).toBeGreaterThanOrEqual(1);
    expect((await t.as('mette', 'GET', '/api/team/unhandled')).statusCode).toBe(403);
  });

  it('refuses a bad note with the field named, and a caseworker of another team', async () => {
    const bad = await t.as('mette', 'POST', `/api/events/${moveId}/handle`, { note: 'x'.repeat(2001) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('note');
    const [syd] = await t.db.query<{ username: string }>(
      `SELECT u.username FROM app_user u JOIN team tm ON tm.id = u.team_id WHERE tm.name <> 'Team Nord' AND u.role = 'caseworker' ORDER BY u.id LIMIT 1`);
    expect((await t.as(syd.username, 'POST', `/api/events/${moveId}/handle`, {})).statusCode).toBe(403);
    expect((await t.as('anne', 'POST', `/api/events/${moveId}/handle`, {})).statusCode).toBe(403);
    expect((await t.as('mette', 'POST', '/api/events/2147483647/handle', {})).statusCode).toBe(404);
  });

  it('handling takes the event off every worklist at once, keeps the note, and audits it; a second attempt is told who was first', async () => {
    const res = await t.as('mette', 'POST', `/api/events/${moveId}/handle`, { note: 'Ringede og aftalte ny tid' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await worklist('mette')).items.some((i) => i.eventId === moveId)).toBe(false);
    expect((await worklist('lars', `?caseworkerId=${(await t.db.query<{ id: number }>("SELECT id FROM app_user WHERE username = 'mette'"))[0].id}`)).items.some((i) => i.eventId === moveId)).toBe(false);
    const again = await t.as('lars', 'POST', `/api/events/${moveId}/handle`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('Mette Sagsbehandler');
    const [audit] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'case_event' AND entity_id = $1 AND operation = 'write'", [String(moveId)]);
    expect(audit.n).toBe(1);
    // The case page lists it as handled, with who and the note; an analyst sees the event but not the note.
    const list = (await t.as('mette', 'GET', `/api/cases/${caseId}/events`)).json().events as { id: number; handledBy: string | null; handledNote: string | null }[];
    expect(list.find((e) => e.id === moveId)).toMatchObject({ handledBy: 'Mette Sagsbehandler', handledNote: 'Ringede og aftalte ny tid' });
    expect(list[0].id).toBe(formId); // unhandled first
    const anne = (await t.as('anne', 'GET', `/api/cases/${caseId}/events`)).json().events as { id: number; handledNote: string | null }[];
    expect(anne.find((e) => e.id === moveId)!.handledNote).toBe('(skjult)');
  });
});
