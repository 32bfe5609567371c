import { describe, expect, it } from 'vitest';
import { courseOverview, overviewText, sickWeek, LEFT_OUT_KINDS, SHOWN_KINDS, type CourseInput } from './courseOverview.ts';
import { readability } from './readability.ts';
import { DEADLINE_KINDS } from '../rules/deadlineKinds.ts';

const base = { citizenName: 'Sofie Jensen', municipality: 'Demo Kommune', fastTrack: false, meetings: [] } satisfies Partial<CourseInput>;
const row = (o: ReturnType<typeof courseOverview>) => o.items.map((i) => [i.date, i.week, i.kind, i.title, i.done]);

/**
 * Employed, sick from Monday 15 March 2027, the week before Easter (Maundy Thursday 25 March, Easter Monday 29 March).
 * The dates are the planner's for these facts (RS-2027): the information form was sent Wednesday 17 March and is due
 * 8 days later, on Maundy Thursday; by municipal practice the citizen gets the next working day, Tuesday 30 March
 * (the effective date the case page shows). The first follow-up's legal date, D + 55, is Sunday 9 May; the
 * municipality must hold it by Friday 7 May.
 */
const easter: CourseInput = {
  ...base, today: '2027-03-22', firstAbsenceDay: '2027-03-15',
  deadlines: [
    { kind: 'information-form', due: '2027-03-30', legalDue: '2027-03-25', status: 'open' },
    { kind: 'employer-conversation', due: '2027-04-12', legalDue: '2027-04-12', status: 'open' },
    { kind: 'benefit-start', due: '2027-04-14', legalDue: '2027-04-14', status: 'open' },
    { kind: 'fast-track-request-window', due: '2027-04-18', legalDue: '2027-04-18', status: 'open' },
    { kind: 'employer-notification', due: '2027-04-19', legalDue: '2027-04-19', status: 'open' },
    { kind: 'first-follow-up', due: '2027-05-07', legalDue: '2027-05-09', status: 'open' },
    { kind: 'follow-up-minimum', due: '2027-09-14', legalDue: '2027-09-14', status: 'open', details: { required: 4 } },
    { kind: 'reassessment', due: '2027-09-30', legalDue: '2027-09-30', status: 'open', details: { crossedOn: '2027-09-15', consequence: 'reduced-rate' } },
  ],
};

describe('course overview', () => {
  it('counts sick weeks from the first absence day: week 1 is the first seven days', () => {
    expect(sickWeek('2027-03-15', '2027-03-15')).toBe(1);
    expect(sickWeek('2027-03-15', '2027-03-21')).toBe(1);
    expect(sickWeek('2027-03-15', '2027-03-22')).toBe(2);
    expect(sickWeek('2027-03-15', '2027-05-07')).toBe(8); // the last working day of week 8
  });

  it('lays out a case starting the week before Easter 2027 in date order, with the effective dates', () => {
    const o = courseOverview(easter);
    expect(row(o)).toEqual([
      ['2027-03-30', 3, 'form', 'Send skemaet om din sygdom', false],
      ['2027-04-12', 5, 'meeting', 'Samtale med din chef', false],
      ['2027-04-14', 5, 'other', 'Kommunen betaler', false],
      ['2027-05-07', 8, 'meeting', 'Første samtale med os', false],
      ['2027-09-14', 27, 'meeting', 'Samtaler i det første halve år', false],
      ['2027-09-15', 27, 'reassessment', 'Vi ser på din sag igen', false],
      ['2027-09-30', 29, 'extension', 'Svar om forlængelse', false],
    ]);
    // The employer's paperwork and the employer's fast-track window are not the citizen's course.
    expect(o.items.map((i) => i.date)).not.toContain('2027-04-19');
    expect(o.items.map((i) => i.date)).not.toContain('2027-04-18');
    expect(o.items.find((i) => i.kind === 'form')!.text).toContain('borger.dk');
    expect(o.items.find((i) => i.title === 'Samtaler i det første halve år')!.text).toContain('mindst fire samtaler');
    // From 2027 the consequence of no extension is the reduced rate (RS-2027), in plain words.
    expect(o.items.at(-1)!.text).toContain('lavere sats');
    expect(o.intro).toContain('Sofie Jensen');
    expect(o.intro).toContain('15. marts 2027');
    expect(o.intro).toContain('Demo Kommune');
    expect(o.fastTrack).toBeNull();
    expect(o).toMatchObject({ firstAbsenceDay: '2027-03-15', today: '2027-03-22' });
  });

  it('shows a booked first meeting instead of its deadline, with its form and time', () => {
    const o = courseOverview({ ...easter, meetings: [{ date: '2027-05-04', form: 'in-person', status: 'planned', time: '09:00' }] });
    expect(o.items.find((i) => i.date === '2027-05-07')).toBeUndefined();
    const first = o.items.find((i) => i.date === '2027-05-04')!;
    expect(first).toMatchObject({ week: 8, kind: 'meeting', title: 'Første samtale (hos os)', done: false });
    expect(first.text).toContain('møde op hos os');
    expect(first.text).toContain('kl. 09.00');
  });

  it('calls workplace visits, round tables and groups a meeting ("møde") in the text too', () => {
    const o = courseOverview({ ...easter, deadlines: [], meetings: [
      { date: '2027-04-06', form: 'phone', status: 'held' }, { date: '2027-04-20', form: 'group', status: 'held' }, { date: '2027-05-18', form: 'workplace', status: 'planned', time: '13:30' }] });
    expect(o.items.map((i) => [i.title, i.text])).toEqual([
      ['Første samtale (telefon)', 'Samtalen er holdt.'],
      ['Møde i en gruppe', 'Mødet er holdt.'],
      ['Møde på din arbejdsplads', 'Vi mødes med dig og din chef på din arbejdsplads. Vi taler om, hvordan du kan komme tilbage. Mødet begynder kl. 13.30.'],
    ]);
  });

  it('keeps the deadline when the only meeting is booked after it (the caseworker sees that warning in the plan)', () => {
    const o = courseOverview({ ...easter, meetings: [{ date: '2027-05-12', form: 'phone', status: 'planned' }] });
    expect(o.items.filter((i) => i.kind === 'meeting').map((i) => [i.date, i.title])).toEqual([
      ['2027-04-12', 'Samtale med din chef'], ['2027-05-07', 'Første samtale med os'], ['2027-05-12', 'Samtale i telefonen'], ['2027-09-14', 'Samtaler i det første halve år'],
    ]);
  });

  it('marks what is behind the citizen around Christmas 2026: past days, the returned form, the held meeting', () => {
    // Unemployed (the a-kasse pays the first 14 days), sick from Monday 14 December 2026; the form is due Christmas
    // Eve and came back on 22 December. 22 weeks of benefit end on 31 May 2027, the month's last day, so the
    // reassessment and the decision fall on one day and become one item.
    const o = courseOverview({
      ...base, today: '2027-01-04', firstAbsenceDay: '2026-12-14',
      deadlines: [
        { kind: 'information-form', due: '2026-12-24', legalDue: '2026-12-24', status: 'met' },
        { kind: 'benefit-start', due: '2026-12-28', legalDue: '2026-12-28', status: 'passed' },
        { kind: 'first-follow-up', due: '2027-02-05', legalDue: '2027-02-07', status: 'met' },
        { kind: 'reassessment', due: '2027-05-31', legalDue: '2027-05-31', status: 'open', details: { crossedOn: '2027-05-31', consequence: 'reduced-rate' } },
        { kind: 'follow-up-minimum', due: '2027-06-11', legalDue: '2027-06-13', status: 'open', details: { required: 4 } },
      ],
      meetings: [
        { date: '2027-01-20', form: 'video', status: 'planned', time: '13:15' },
        { date: '2026-12-30', form: 'in-person', status: 'held' },
      ],
    });
    expect(row(o)).toEqual([
      ['2026-12-24', 2, 'form', 'Send skemaet om din sygdom', true],
      ['2026-12-28', 3, 'other', 'Kommunen betaler', true],
      ['2026-12-30', 3, 'meeting', 'Første samtale (hos os)', true],
      ['2027-01-20', 6, 'meeting', 'Samtale på video', false],
      ['2027-05-31', 25, 'extension', 'Svar om forlængelse', false],
      ['2027-06-11', 26, 'meeting', 'Samtaler i det første halve år', false],
    ]);
    expect(o.items[0].text).toBe('Tak. Vi har fået dit skema.');
    expect(o.items[2].text).toBe('Samtalen er holdt.');
    expect(o.items[3].text).toContain('kl. 13.15');
    expect(o.items[4].text).toContain('se på din sag igen');
    expect(o.items[4].text).toContain('beslutter vi');
  });

  it('tells a fast-track citizen what fast track means and when the early first meeting is due', () => {
    // Employer's request Monday 5 October 2026 (week 3 of an absence from Monday 21 September), the letter went out
    // 6 October: the employee accepts within 2 bank days (8 October); the first meeting is due 2 weeks after the
    // request (SDL § 13 b, stk. 2), 19 October, instead of week 8.
    const o = courseOverview({
      ...base, fastTrack: true, today: '2026-10-07', firstAbsenceDay: '2026-09-21',
      deadlines: [
        { kind: 'fast-track-acceptance', due: '2026-10-08', legalDue: '2026-10-08', status: 'open' },
        { kind: 'information-form', due: '2026-10-14', legalDue: '2026-10-14', status: 'open' },
        { kind: 'employer-conversation', due: '2026-10-19', legalDue: '2026-10-19', status: 'open' },
        { kind: 'first-follow-up', due: '2026-10-19', legalDue: '2026-10-19', status: 'open' },
        { kind: 'benefit-start', due: '2026-10-21', legalDue: '2026-10-21', status: 'open' },
        { kind: 'fast-track-request-window', due: '2026-10-25', legalDue: '2026-10-25', status: 'met' },
      ],
    });
    expect(o.fastTrack).toContain('Du er i fast track');
    expect(row(o)).toEqual([
      ['2026-10-08', 3, 'form', 'Svar om fast track', false],
      ['2026-10-14', 4, 'form', 'Send skemaet om din sygdom', false],
      ['2026-10-19', 5, 'meeting', 'Samtale med din chef', false],
      ['2026-10-19', 5, 'meeting', 'Første samtale (fast track)', false],
      ['2026-10-21', 5, 'other', 'Kommunen betaler', false],
    ]);
    expect(o.items[0].text).toContain('send blanketten tilbage senest denne dag');
    expect(o.items[3].text).toContain('senest denne dag');
  });

  it('asks a citizen who requested fast track themselves to see their doctor within 8 days', () => {
    const o = courseOverview({
      ...base, fastTrack: true, today: '2026-11-02', firstAbsenceDay: '2026-10-26',
      deadlines: [{ kind: 'gp-consultation', due: '2026-11-10', legalDue: '2026-11-10', status: 'open' }, { kind: 'first-follow-up', due: '2026-11-16', legalDue: '2026-11-16', status: 'open' }],
    });
    expect(row(o)).toEqual([['2026-11-10', 3, 'other', 'Tid hos din læge', false], ['2026-11-16', 4, 'meeting', 'Første samtale (fast track)', false]]);
  });

  it('reads easily: LIX below 40 in each of the cases above', () => {
    for (const o of [courseOverview(easter), courseOverview({ ...easter, fastTrack: true, meetings: [{ date: '2027-05-04', form: 'round-table', status: 'planned' }] }),
      courseOverview({ ...easter, meetings: (['in-person', 'phone', 'video', 'workplace', 'round-table', 'group'] as const).map((form, i) => ({ date: `2027-05-0${i + 1}`, form, status: 'planned' as const })) })]) {
      const r = readability(overviewText(o));
      expect(r.lix, overviewText(o)).toBeLessThan(40);
      expect(r.longSentences).toEqual([]);
    }
  });

  it('decides every kind of deadline the planner makes: shown to the citizen, or left out on purpose', () => {
    expect([...SHOWN_KINDS, ...LEFT_OUT_KINDS].sort()).toEqual([...DEADLINE_KINDS].sort());
    for (const kind of SHOWN_KINDS) {
      const o = courseOverview({ ...base, today: '2027-01-04', firstAbsenceDay: '2027-01-04', deadlines: [{ kind, due: '2027-02-01', legalDue: '2027-02-01', details: { crossedOn: '2027-01-20' } }] });
      expect(o.items.length, kind).toBeGreaterThan(0);
    }
    for (const kind of LEFT_OUT_KINDS)
      expect(courseOverview({ ...base, today: '2027-01-04', firstAbsenceDay: '2027-01-04', deadlines: [{ kind, due: '2027-02-01', legalDue: '2027-02-01' }] }).items).toEqual([]);
  });

  it('says so when there are no dates yet (a job-clarification case has no sickness-benefit deadlines)', () => {
    const o = courseOverview({ ...base, caseKind: 'job-clarification', today: '2027-01-04', firstAbsenceDay: '2026-05-04', deadlines: [] });
    expect(o.items).toEqual([]);
    expect(o.intro).toContain('jobafklaring');
    expect(o.intro).toContain('ingen datoer endnu');
  });

  it('tells what happened in a closed case, without promising news', () => {
    const o = courseOverview({ ...base, closed: true, today: '2027-02-01', firstAbsenceDay: '2026-11-02', deadlines: [], meetings: [{ date: '2026-12-14', form: 'phone', status: 'held' }] });
    expect(o.intro).toContain('din sag om sygedagpenge er afsluttet. Her kan du se, hvad der skete');
    expect(o.intro).not.toContain('flytte sig');
    expect(row(o)).toEqual([['2026-12-14', 7, 'meeting', 'Første samtale (telefon)', true]]);
  });
});
