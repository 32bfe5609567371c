import { describe, expect, it } from 'vitest';
import { municipalCalendar } from '../rules/calendar.ts';
import {
  complaintDeadline, complaintFigures, complaintStatus, isLate, monthsBetween, reassessedOnTime, reassessmentDeadline,
  registerComplaintInput, reassessmentInput, type FigureRow,
} from './complaints.ts';

// The default municipal calendar: official holidays plus 5 June, 24 and 31 December.
const cal = municipalCalendar();

describe('the municipality reassesses within 4 weeks of receipt (R-1), by the last working day on or before', () => {
  it.each([
    // received, the law's date (received + 28), due on the worklist, why
    ['2026-11-27', '2026-12-25', '2026-12-23', 'Christmas Day; 24 December is a municipal closed day'],
    ['2026-12-03', '2026-12-31', '2026-12-30', "New Year's Eve is a municipal closed day"],
    ['2027-02-26', '2027-03-26', '2027-03-24', 'Good Friday 2027; Maundy Thursday before it is closed too'],
    ['2027-03-01', '2027-03-29', '2027-03-24', 'Easter Monday 2027: back over the whole Easter'],
    ['2027-03-04', '2027-04-01', '2027-04-01', 'a Thursday after Easter: the law\'s date itself'],
    ['2028-02-01', '2028-02-29', '2028-02-29', 'leap day 2028 is an ordinary Tuesday'],
    ['2028-02-29', '2028-03-28', '2028-03-28', 'from the leap day across the month end'],
    ['2028-01-31', '2028-02-28', '2028-02-28', 'from a month end: 28 days, not "the same day next month"'],
    ['2026-05-09', '2026-06-06', '2026-06-04', 'a Saturday, and Friday 5 June (Constitution Day) is closed'],
  ])('received %s: legal date %s, due %s (%s)', (received, legal, due) => {
    expect(reassessmentDeadline(received, cal)).toEqual({ legalDate: legal, due });
  });

  it('is on time up to and including the law\'s date', () => {
    const d = reassessmentDeadline('2027-03-01', cal);
    expect(reassessedOnTime('2027-03-24', d.legalDate)).toBe(true);
    expect(reassessedOnTime('2027-03-29', d.legalDate)).toBe(true);
    expect(reassessedOnTime('2027-03-30', d.legalDate)).toBe(false);
  });
});

describe("the citizen's 4 weeks to complain (R-1)", () => {
  it('runs 28 days from being told of the decision; the 29th day is late', () => {
    const d = complaintDeadline('2028-02-01', cal, 'legal-date');
    expect(d).toEqual({ legalDate: '2028-02-29', due: '2028-02-29' });
    expect(isLate('2028-02-29', d.due)).toBe(false);
    expect(isLate('2028-03-01', d.due)).toBe(true);
  });

  it('keeps the law\'s date on a closed day by default, and gives the next working day if the municipality chose so (C-8 b)', () => {
    // Told on 27 November 2026: 4 weeks end on Christmas Day.
    expect(complaintDeadline('2026-11-27', cal, 'legal-date')).toEqual({ legalDate: '2026-12-25', due: '2026-12-25' });
    expect(complaintDeadline('2026-11-27', cal, 'next-working-day')).toEqual({ legalDate: '2026-12-25', due: '2026-12-28' });
    // Told on 1 March 2027: the 4 weeks end on Easter Monday; the next working day is Tuesday 30 March.
    expect(complaintDeadline('2027-03-01', cal, 'next-working-day').due).toBe('2027-03-30');
    expect(isLate('2027-03-30', complaintDeadline('2027-03-01', cal, 'legal-date').due)).toBe(true);
    expect(isLate('2027-03-30', complaintDeadline('2027-03-01', cal, 'next-working-day').due)).toBe(false);
  });
});

describe('status', () => {
  const base = { outcome: null, boardResult: null, reassessDue: '2026-12-23' } as const;
  it('is open until the due day, overdue after, at the board when sent on, closed when decided', () => {
    expect(complaintStatus(base, '2026-12-23')).toBe('open');
    expect(complaintStatus(base, '2026-12-24')).toBe('overdue');
    expect(complaintStatus({ ...base, outcome: 'upheld' }, '2027-01-10')).toBe('at-board');
    expect(complaintStatus({ ...base, outcome: 'sent-to-board' }, '2027-01-10')).toBe('at-board');
    expect(complaintStatus({ ...base, outcome: 'upheld', boardResult: 'remitted' }, '2027-01-10')).toBe('closed');
    expect(complaintStatus({ ...base, outcome: 'changed' }, '2027-01-10')).toBe('closed');
  });
});

describe('input', () => {
  it('names the field in Danish', () => {
    const r = registerComplaintInput.safeParse({ receivedOn: '2026-13-01', decisionType: 'whim', decisionOn: '2026-01-05', reason: 'assessment', summary: ' ' });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['receivedOn', 'decisionType', 'summary']));
    expect(r.error!.issues.find((i) => i.path[0] === 'decisionType')!.message).toBe('Vælg hvilken slags afgørelse der klages over');
    expect(reassessmentInput.safeParse({ decidedOn: '2026-01-05', outcome: 'maybe' }).error!.issues[0].path).toEqual(['outcome']);
    expect(reassessmentInput.safeParse({ decidedOn: '2026-01-05', outcome: 'upheld', extra: 1 }).success).toBe(false);
  });
});

describe('figures', () => {
  const row = (r: Partial<FigureRow>): FigureRow => ({
    receivedOn: '2026-01-10', reason: 'assessment', decisionType: 'benefit-stop', late: false, reassessDue: '2026-02-06',
    outcome: null, reassessedOnTime: null, boardResult: null, ...r,
  });

  it('lists every month of the period, also the empty ones, across a year end', () => {
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03-01', '2026-03-31')).toEqual(['2026-03']);
  });

  it('counts per month and reason, the share reassessed on time, outcomes and board results', () => {
    const f = complaintFigures([
      row({ outcome: 'upheld', reassessedOnTime: true, boardResult: 'confirmed' }),
      row({ receivedOn: '2026-01-20', reason: 'procedure', late: true, outcome: 'changed', reassessedOnTime: false }),
      row({ receivedOn: '2026-03-02', reason: 'procedure', decisionType: 'sanction', outcome: 'sent-to-board', reassessedOnTime: true }),
      row({ receivedOn: '2026-03-30', reassessDue: '2026-04-24' }),
      row({ receivedOn: '2026-03-03', reassessDue: '2026-03-31' }),
    ], '2026-01-01', '2026-03-31', '2026-04-10');
    expect(f.total).toBe(5);
    expect(f.late).toBe(1);
    expect(f.months.map((m) => [m.month, m.received, m.reassessed, m.onTime])).toEqual([['2026-01', 2, 2, 1], ['2026-02', 0, 0, 0], ['2026-03', 3, 1, 1]]);
    expect(f.months[0].byReason).toMatchObject({ assessment: 1, procedure: 1, other: 0 });
    expect(f.byReason).toMatchObject({ assessment: 3, procedure: 2 });
    expect(f.byDecisionType).toMatchObject({ 'benefit-stop': 4, sanction: 1 });
    expect(f.reassessment).toEqual({ reassessed: 3, onTime: 2, share: 0.667, open: 2, overdue: 1 });
    expect(f.outcomes).toEqual({ changed: 1, upheld: 1, 'sent-to-board': 1 });
    expect(f.boardResults).toEqual({ confirmed: 1, changed: 0, remitted: 0, rejected: 0, pending: 1 });
  });

  it('has no share when nothing was reassessed', () => {
    expect(complaintFigures([], '2026-01-01', '2026-01-31', '2026-02-01').reassessment.share).toBeNull();
  });
});
