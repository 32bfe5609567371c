import { describe, expect, it } from 'vitest';
import { municipalCalendar } from '../rules/calendar.ts';
import { DomainError } from './errors.ts';
import {
  activationShares, assignPathwayInput, changeOrderStatus, checkNewOrder, editPathwayInput, formatDkk, orderMilestones,
  orderStatusInput, pathwayFit, proposeSteps, rankPathways, type PathwayFit,
} from './pathways.ts';

const cal = municipalCalendar();
const fieldOf = (fn: () => unknown) => {
  try { fn(); } catch (e) { if (e instanceof DomainError) return e.issues[0]?.path; throw e; }
  return null;
};

describe('who fits a pathway', () => {
  const stress: PathwayFit = { targetGroups: [2], categories: [], causes: ['mental'], employments: [] };
  const fromUnemployment: PathwayFit = { targetGroups: [4], categories: [], causes: [], employments: ['unemployed'] };

  it('fits when every stated criterion holds; an empty criterion is "any"', () => {
    expect(pathwayFit(stress, { targetGroup: 2, category: 2, employment: 'employed', diagnosisGroup: 'mental' }, true))
      .toEqual({ fits: true, unmet: [], unknown: [] });
  });

  it('names the criterion a case breaks, in Danish', () => {
    const r = pathwayFit(fromUnemployment, { targetGroup: 4, category: 1, employment: 'employed' }, true);
    expect(r.fits).toBe(false);
    expect(r.unmet).toEqual(['Sygemeldt fra skal være ledig']);
  });

  it('does not rule a pathway out on a missing fact, but says it was not judged', () => {
    const r = pathwayFit(stress, { targetGroup: null, category: null, employment: 'employed', diagnosisGroup: 'mental' }, true);
    expect(r).toEqual({ fits: true, unmet: [], unknown: ['Målgruppe er ikke angivet'] });
  });

  it('never judges the cause (health information) for a viewer who may not see it', () => {
    const hidden = pathwayFit(stress, { targetGroup: 2, category: 2, employment: 'employed', diagnosisGroup: 'cancer' }, false);
    expect(hidden.fits).toBe(true);
    expect(hidden.unknown).toEqual(['Årsagen er en helbredsoplysning og vurderes kun af sagens team']);
    const seen = pathwayFit(stress, { targetGroup: 2, category: 2, employment: 'employed', diagnosisGroup: 'cancer' }, true);
    expect(seen.fits).toBe(false);
    expect(seen.unmet[0]).toContain('Årsag skal være psykiske lidelser');
  });

  it('ranks fitting pathways first', () => {
    const ranked = rankPathways([{ id: 6, fit: fromUnemployment }, { id: 2, fit: stress }], { targetGroup: 2, category: 2, employment: 'employed', diagnosisGroup: 'mental' }, true);
    expect(ranked.map((p) => [p.id, p.match.fits])).toEqual([[2, true], [6, false]]);
  });
});

describe('the steps of a model as tasks on working days', () => {
  const steps = [{ title: 'Følg op', workingDays: 10 }, { title: 'Kontakt arbejdsgiveren', workingDays: 2 }, { title: 'Delvis raskmelding', workingDays: 0 }];

  it('counts working days across a month end, in due order', () => {
    // Assigned Thursday 29 January 2026: 2 working days is Monday 2 February; 10 is Thursday 12 February.
    expect(proposeSteps(steps, '2026-01-29', cal)).toEqual([
      { title: 'Delvis raskmelding', due: '2026-01-29' },
      { title: 'Kontakt arbejdsgiveren', due: '2026-02-02' },
      { title: 'Følg op', due: '2026-02-12' },
    ]);
  });

  it('skips Easter: Maundy Thursday to Easter Monday 2026 are closed', () => {
    // Assigned Wednesday 1 April 2026: 2 to 6 April are closed, so working day 2 is Wednesday 8 April and day 10 is Monday 20 April.
    expect(proposeSteps(steps, '2026-04-01', cal)).toEqual([
      { title: 'Delvis raskmelding', due: '2026-04-01' },
      { title: 'Kontakt arbejdsgiveren', due: '2026-04-08' },
      { title: 'Følg op', due: '2026-04-20' },
    ]);
  });

  it('a step for "today" assigned on a Saturday falls on Monday', () => {
    expect(proposeSteps([{ title: 'Ring', workingDays: 0 }], '2026-03-07', cal)).toEqual([{ title: 'Ring', due: '2026-03-09' }]);
  });
});

describe('intervention orders', () => {
  const ordered = { status: 'ordered' as const, startsOn: '2026-03-02', startedOn: null };
  const active = { status: 'active' as const, startsOn: '2026-03-02', startedOn: '2026-03-02' };
  const today = '2026-04-15';

  it('refuses an end before the start, and a start before the first absence day', () => {
    expect(fieldOf(() => checkNewOrder({ start: '2026-03-10', end: '2026-03-09' }, { firstAbsenceDay: '2026-01-05' }))).toBe('end');
    expect(fieldOf(() => checkNewOrder({ start: '2026-01-02', end: '2026-03-09' }, { firstAbsenceDay: '2026-01-05' }))).toBe('start');
    expect(fieldOf(() => checkNewOrder({ start: '2026-03-10', end: '2026-03-10' }, { firstAbsenceDay: '2026-01-05' }))).toBeNull();
  });

  it('starts, then completes with an outcome', () => {
    expect(changeOrderStatus(ordered, { status: 'active', date: '2026-03-03' }, today)).toEqual({ status: 'active', outcome: null, startedOn: '2026-03-03', endedOn: null });
    expect(changeOrderStatus(active, { status: 'completed', outcome: 'partly_back' }, today)).toEqual({ status: 'completed', outcome: 'partly_back', startedOn: '2026-03-02', endedOn: today });
  });

  it('takes an outcome only when completed, and requires one then', () => {
    expect(fieldOf(() => changeOrderStatus(ordered, { status: 'active', outcome: 'no_effect' }, today))).toBe('outcome');
    expect(fieldOf(() => changeOrderStatus(active, { status: 'completed' }, today))).toBe('outcome');
  });

  it('refuses a completion before the start, a future day, a skipped step and a change after the end', () => {
    expect(fieldOf(() => changeOrderStatus(ordered, { status: 'completed', outcome: 'back_to_work' }, today))).toBe('status');
    expect(fieldOf(() => changeOrderStatus(active, { status: 'completed', outcome: 'back_to_work', date: '2026-03-01' }, today))).toBe('date');
    expect(fieldOf(() => changeOrderStatus(ordered, { status: 'active', date: '2026-04-16' }, today))).toBe('date');
    expect(fieldOf(() => changeOrderStatus({ ...active, status: 'completed' }, { status: 'cancelled' }, today))).toBe('status');
  });

  it('a cancellation before the start leaves no running days', () => {
    expect(changeOrderStatus(ordered, { status: 'cancelled' }, today)).toEqual({ status: 'cancelled', outcome: null, startedOn: null, endedOn: null });
  });

  it('validates the status body with Danish messages naming the field', () => {
    const r = orderStatusInput.safeParse({ status: 'done' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['status']);
    expect(r.error!.issues[0].message).toContain('Vælg');
  });
});

describe('inputs', () => {
  it('a pathway number is 1-6', () => {
    expect(assignPathwayInput.safeParse({ pathway: 7, version: 3 }).error?.issues[0].message).toBe('Vælg et borgerforløb (1-6)');
    expect(assignPathwayInput.safeParse({ pathway: 5, version: 3 }).success).toBe(true);
  });

  it('an edited model names the wrong field', () => {
    const base = { basedOn: 1, reason: 'Nyt tilbud fra SUF', name: 'X', description: 'Y', fit: { targetGroups: [2], categories: [], causes: [], employments: [] }, steps: [{ title: 'Ring', workingDays: 1 }], interventionTypes: ['mentor'], offers: [] };
    expect(editPathwayInput.safeParse(base).success).toBe(true);
    const bad = editPathwayInput.safeParse({ ...base, steps: [{ title: 'Ring', workingDays: -1 }], interventionTypes: ['yoga'] });
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['interventionTypes.0', 'steps.0.workingDays']);
  });
});

describe('milestones and prices', () => {
  it('orders milestones by date and refuses one reached in the future', () => {
    expect(orderMilestones([{ date: '2026-05-01', text: 'B', done: false }, { date: '2026-04-01', text: 'A', done: true }], '2026-04-15').map((m) => m.text)).toEqual(['A', 'B']);
    expect(fieldOf(() => orderMilestones([{ date: '2026-04-01', text: 'A', done: false }, { date: '2026-05-01', text: 'B', done: true }], '2026-04-15'))).toBe('milestones.1.date');
  });

  it('formats øre as Danish kroner', () => {
    expect(formatDkk(1_450_000)).toBe('14.500,00 kr.');
    expect(formatDkk(125_050)).toBe('1.250,50 kr.');
    expect(formatDkk(99)).toBe('0,99 kr.');
    expect(formatDkk(null)).toBe('Uden beregning');
  });
});

describe('activation share', () => {
  it('divides active by open per target group, rounded to three decimals, and lists every group', () => {
    const r = activationShares([
      { targetGroup: 2, open: 3, active: 1 }, { targetGroup: 3, open: 4, active: 4 }, { targetGroup: 1, open: 5, active: 0 }, { targetGroup: null, open: 2, active: 0 },
    ]);
    expect(r.groups.map((g) => [g.targetGroup, g.open, g.active, g.share])).toEqual([[1, 5, 0, 0], [2, 3, 1, 0.333], [3, 4, 4, 1], [4, 0, 0, null], [null, 2, 0, 0]]);
    expect(r.groups[1].label).toBe('2. Lettere stress, angst eller depression');
    expect(r.total).toEqual({ open: 14, active: 5, share: 0.357 });
  });

  it('no open cases: no share rather than 0 %, and no row for cases without a target group', () => {
    const r = activationShares([]);
    expect(r.total).toEqual({ open: 0, active: 0, share: null });
    expect(r.groups.map((g) => g.targetGroup)).toEqual([1, 2, 3, 4]);
  });
});
