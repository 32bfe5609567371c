import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, startTestApp, type TestApp } from '../helpers.ts';
import { addDays } from '../../src/domain/dates.ts';
import { pdfText } from '../pdfText.ts';

// A fixed Wednesday, so a meeting booked a week ahead falls inside working hours.
const today = '2026-11-25';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ today }); });
afterAll(async () => { await t?.close(); });
const as: TestApp['as'] = (...a) => t.as(...a);

async function newCase(cpr: string) {
  const res = await as('mette', 'POST', '/api/cases', {
    citizen: { cpr, name: 'Referat Testesen' }, kind: 'sickness_benefit', firstAbsenceDay: addDays(today, -40),
    employment: 'employed', employer: { cvr: '29403473', name: 'Fjordby Plejecenter' }, sickLeave: 'full', expectedFullReturn: addDays(today, 120), targetGroup: 1,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; version: number };
}

/** A round-table meeting held today; returns its id and the case's new version. */
async function heldRoundTable(c: { id: number; version: number }) {
  const rec = await as('mette', 'POST', `/api/cases/${c.id}/meetings/record`, { version: c.version, heldOn: today, form: 'round-table', attendance: 'attended' });
  expect(rec.statusCode, rec.body).toBe(200);
  const meetings = (await as('mette', 'GET', `/api/cases/${c.id}`)).json().meetings as { id: number; status: string }[];
  return { meetingId: meetings.find((m) => m.status === 'held')!.id, version: rec.json().version as number };
}


const AGREED = 'Borgeren starter på lager med lette opgaver';
const HEALTH = 'Diskusprolaps, genoptræning hos fysioterapeut';

describe(`minutes and return-to-work agreements (${engineName})`, () => {
  let caseId: number;
  let meetingId: number;
  let version: number;

  it('stores minutes of a held meeting, shows them to the caseworker and hides them from the manager and the analyst', async () => {
    const c = await newCase('0303034123');
    caseId = c.id;
    ({ meetingId, version } = await heldRoundTable(c));
    const res = await as('mette', 'POST', `/api/cases/${caseId}/meetings/${meetingId}/minutes`, {
      version, agreed: AGREED, nextSteps: 'Arbejdsgiveren finder en skåneplads', nextMeeting: 'Om 4 uger på arbejdspladsen', healthNotes: HEALTH,
    });
    expect(res.statusCode, res.body).toBe(200);
    version = res.json().version;

    const own = (await as('mette', 'GET', `/api/cases/${caseId}`)).json();
    expect(own.meetings.find((m: { id: number }) => m.id === meetingId).minutes).toMatchObject({ template: 'round-table', agreed: AGREED, healthNotes: HEALTH, nextMeeting: 'Om 4 uger på arbejdspladsen' });
    expect(own.actions.at(-1).payload).toMatchObject({ type: 'minutes-written', meetingId, agreed: AGREED });

    for (const user of ['maria', 'anne']) {
      const other = await as(user, 'GET', `/api/cases/${caseId}`);
      expect(other.statusCode, other.body).toBe(200);
      expect(other.json().meetings.find((m: { id: number }) => m.id === meetingId).minutes).toEqual({ hidden: true });
      expect(other.body).not.toContain(AGREED);
      expect(other.body).not.toContain(HEALTH);
      expect((await as(user, 'GET', `/api/cases/${caseId}/meetings/${meetingId}/minutes.pdf`)).statusCode).toBe(403);
    }
    const [audit] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'case' AND entity_id = $1 AND operation = 'write' AND details->>'action' = 'minutes-written'`, [String(caseId)]);
    expect(audit.n).toBe(1);
  });

  it('refuses minutes for a meeting that has not been held, naming meetingId', async () => {
    const booked = await as('mette', 'POST', `/api/cases/${caseId}/meetings`, { version, plannedFor: addDays(today, 7), time: '12:00', form: 'phone' });
    expect(booked.statusCode, booked.body).toBe(201);
    version = booked.json().version;
    const planned = (await as('mette', 'GET', `/api/cases/${caseId}`)).json().meetings.find((m: { status: string }) => m.status === 'planned');
    const res = await as('mette', 'POST', `/api/cases/${caseId}/meetings/${planned.id}/minutes`, { version, agreed: 'x', nextSteps: 'y' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('meetingId');
    expect((await as('mette', 'POST', `/api/cases/${caseId}/meetings/2147483647/minutes`, { version, agreed: 'x', nextSteps: 'y' })).statusCode).toBe(404);
    const empty = await as('mette', 'POST', `/api/cases/${caseId}/meetings/${meetingId}/minutes`, { version, agreed: ' ', nextSteps: 'y', extra: 1 });
    expect(empty.statusCode).toBe(400);
  });

  it('prints the minutes for the citizen with health notes and for the employer without them', async () => {
    const citizen = await as('mette', 'GET', `/api/cases/${caseId}/meetings/${meetingId}/minutes.pdf?for=citizen`);
    expect(citizen.statusCode, citizen.body.slice(0, 300)).toBe(200);
    expect(citizen.headers['content-type']).toBe('application/pdf');
    const citizenText = pdfText(citizen.rawPayload);
    expect(citizenText).toContain('Referat af rundbordssamtale');
    expect(citizenText).toContain(AGREED);
    expect(citizenText).toContain(HEALTH);

    const employer = await as('mette', 'GET', `/api/cases/${caseId}/meetings/${meetingId}/minutes.pdf?for=employer`);
    expect(employer.statusCode).toBe(200);
    const employerText = pdfText(employer.rawPayload);
    expect(employerText).toContain(AGREED);
    expect(employerText).not.toContain(HEALTH);
    expect(employerText).not.toContain('Diskusprolaps');
    expect(employerText).toContain('indeholder ikke helbredsoplysninger');

    const [read] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'meeting-minutes' AND entity_id = $1 AND operation = 'read'`, [String(meetingId)]);
    expect(read.n).toBe(2);
    expect((await as('mette', 'GET', `/api/cases/${caseId}/meetings/${meetingId}/minutes.pdf?for=boss`)).statusCode).toBe(400);
  });

  it('gives the employer no version of minutes from a meeting without the employer', async () => {
    const c = await newCase('0404044123');
    const rec = await as('mette', 'POST', `/api/cases/${c.id}/meetings/record`, { version: c.version, heldOn: today, form: 'phone', attendance: 'attended' });
    const m = (await as('mette', 'GET', `/api/cases/${c.id}`)).json().meetings[0];
    await as('mette', 'POST', `/api/cases/${c.id}/meetings/${m.id}/minutes`, { version: rec.json().version, agreed: 'Aftalt i telefonen', nextSteps: 'Ny samtale' });
    const res = await as('mette', 'GET', `/api/cases/${c.id}/meetings/${m.id}/minutes.pdf?for=employer`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('for');
  });

  it('records a graduated return of 10, 20 and 30 hours: partial sick leave with today\'s hours, and the plan recomputes', async () => {
    await t.db.query('DELETE FROM case_plan WHERE case_id = $1', [caseId]);
    const steps = [{ from: addDays(today, -7), hoursPerWeek: 10 }, { from: addDays(today, 7), hoursPerWeek: 20 }, { from: addDays(today, 21), hoursPerWeek: 30 }];
    const res = await as('mette', 'POST', `/api/cases/${caseId}/return-to-work`, { version, meetingId, startsOn: steps[0].from, endsOn: addDays(today, 34), steps });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ sickLeave: 'partial', partialHours: 10 });
    version = res.json().version;

    const c = (await as('mette', 'GET', `/api/cases/${caseId}`)).json();
    expect(c.case).toMatchObject({ sickLeave: 'partial', partialHours: 10 });
    expect(c.actions.at(-1).payload).toMatchObject({ type: 'return-to-work-agreed', changes: { sickLeave: { from: 'full', to: 'partial' }, partialHours: { from: null, to: 10 } } });
    // The plan was recomputed in the same write (it was taken away just before).
    expect(await t.db.query('SELECT computed_on FROM case_plan WHERE case_id = $1', [caseId])).toEqual([{ computed_on: today }]);

    const list = (await as('mette', 'GET', `/api/cases/${caseId}/return-to-work`)).json();
    expect(list.plans).toHaveLength(1);
    expect(list.plans[0]).toMatchObject({ meetingId, hoursToday: 10, steps, periods: [{ hoursPerWeek: 10, to: addDays(today, 6) }, { hoursPerWeek: 20 }, { hoursPerWeek: 30, to: addDays(today, 34) }] });
    expect((await as('maria', 'GET', `/api/cases/${caseId}/return-to-work`)).statusCode).toBe(200);
  });

  it('a plan that starts later leaves the facts as they are', async () => {
    const c = await newCase('0505054124');
    const res = await as('mette', 'POST', `/api/cases/${c.id}/return-to-work`, { version: c.version, startsOn: addDays(today, 14), endsOn: addDays(today, 40), steps: [{ from: addDays(today, 14), hoursPerWeek: 15 }] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ sickLeave: 'full', partialHours: null, version: c.version + 1 });
  });

  it('refuses bad steps naming the field', async () => {
    const bad = async (steps: unknown, extra: Record<string, unknown> = {}) => {
      const res = await as('mette', 'POST', `/api/cases/${caseId}/return-to-work`, { version, startsOn: today, endsOn: addDays(today, 30), steps, ...extra });
      expect(res.statusCode, res.body).toBe(400);
      return (res.json().errors as { path: string }[]).map((e) => e.path);
    };
    expect(await bad([{ from: today, hoursPerWeek: 10 }, { from: addDays(today, 7), hoursPerWeek: 40 }])).toContain('steps.1.hoursPerWeek');
    expect(await bad([{ from: today, hoursPerWeek: 20 }, { from: addDays(today, 7), hoursPerWeek: 10 }])).toContain('steps.1.hoursPerWeek');
    expect(await bad([{ from: today, hoursPerWeek: 10 }, { from: addDays(today, 60), hoursPerWeek: 20 }])).toContain('steps.1.from');
    expect(await bad([{ from: addDays(today, 1), hoursPerWeek: 10 }])).toContain('steps.0.from');
    expect(await bad([{ from: today, hoursPerWeek: 0 }])).toContain('steps.0.hoursPerWeek');
    expect(await bad([])).toContain('steps');
    // A planned (not held) or missing meeting cannot carry the agreement.
    const planned = (await as('mette', 'GET', `/api/cases/${caseId}`)).json().meetings.find((m: { status: string }) => m.status === 'planned');
    expect(await bad([{ from: today, hoursPerWeek: 10 }], { meetingId: planned.id })).toContain('meetingId');
    expect((await as('maria', 'POST', `/api/cases/${caseId}/return-to-work`, { version, startsOn: today, endsOn: today, steps: [{ from: today, hoursPerWeek: 10 }] })).statusCode).toBe(403);
  });
});
