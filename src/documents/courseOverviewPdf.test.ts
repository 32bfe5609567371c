import { describe, expect, it } from 'vitest';
import { courseOverview, type CourseInput } from '../domain/courseOverview.ts';
import { courseOverviewPdf, layoutTimeline, timelineAlt } from './courseOverviewPdf.ts';
import { pdfText } from '../../test/pdfText.ts';

/** Twelve items, most of them in the first eight weeks: the crowded case the layout is for. Sick from Monday 15 March 2027. */
const twelve: CourseInput = {
  citizenName: 'Sofie Jensen', municipality: 'Demo Kommune', fastTrack: false, today: '2027-04-20', firstAbsenceDay: '2027-03-15',
  deadlines: [
    { kind: 'information-form', due: '2027-03-30', legalDue: '2027-03-25', status: 'met' },
    { kind: 'employer-conversation', due: '2027-04-12', legalDue: '2027-04-12' },
    { kind: 'benefit-start', due: '2027-04-14', legalDue: '2027-04-14' },
    { kind: 'medical-certificate', due: '2027-04-28', legalDue: '2027-04-28' },
    { kind: 'first-follow-up', due: '2027-05-07', legalDue: '2027-05-09' },
    { kind: 'follow-up-minimum', due: '2027-09-14', legalDue: '2027-09-14', details: { required: 4 } },
    { kind: 'reassessment', due: '2027-09-30', legalDue: '2027-09-30', details: { crossedOn: '2027-09-15', consequence: 'reduced-rate' } },
  ],
  meetings: [
    { date: '2027-05-04', form: 'in-person', status: 'planned', time: '09:00' },
    { date: '2027-06-01', form: 'phone', status: 'planned' },
    { date: '2027-06-29', form: 'workplace', status: 'planned' },
    { date: '2027-07-27', form: 'group', status: 'planned' },
    { date: '2027-08-24', form: 'round-table', status: 'planned' },
  ],
};

describe('course overview PDF', () => {
  it('lays the timeline out without overlapping labels, inside the text width, with today between its neighbours', () => {
    const o = courseOverview(twelve);
    expect(o.items).toHaveLength(12);
    const width = 483;
    const l = layoutTimeline(o, width);
    expect(l.twoSided).toBe(true);
    for (const side of [true, false]) {
      const labels = l.stops.filter((s) => s.above === side).map((s) => [s.labelLeft, s.labelLeft + s.labelWidth]);
      for (let i = 1; i < labels.length; i++) expect(labels[i][0]).toBeGreaterThanOrEqual(labels[i - 1][1]);
    }
    for (const s of l.stops) {
      expect(s.labelLeft).toBeGreaterThanOrEqual(0);
      expect(s.labelLeft + s.labelWidth).toBeLessThanOrEqual(width);
      expect(s.labelLeft).toBeLessThanOrEqual(s.x);
      expect(s.labelLeft + s.labelWidth).toBeGreaterThanOrEqual(s.x);
    }
    // 20 April lies between Kommunen betaler (14 April, third stop) and the doctor's certificate (28 April, fourth).
    expect(l.todayX).toBeGreaterThan(l.stops[2].x);
    expect(l.todayX).toBeLessThan(l.stops[3].x);
    expect(timelineAlt(o)).toBe('Tidslinje over dit forløb: 12 punkter fra uge 3 til uge 29. Tabellen herunder viser de samme punkter med dato.');
  });

  it('prints twelve items on one A4 page, every item in the table with its Danish date', async () => {
    const o = courseOverview(twelve);
    const pdf = await courseOverviewPdf(o, { municipality: 'Demo Kommune', createdAt: new Date('2027-04-20T07:00:00Z') });
    expect(pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)).toHaveLength(1);
    const text = pdfText(pdf);
    for (const s of ['Overblik over dit forløb', 'Sofie Jensen', 'Datoer i dit forløb', 'I dag er tirsdag 20. april 2027.', 'tirsdag 4. maj 2027', 'torsdag 30. september 2027', 'Side 1 af 1'])
      expect(text, s).toContain(s);
  });
});
