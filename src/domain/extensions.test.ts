import { describe, expect, it } from 'vitest';
import { extensionEnd, extensionNotes, extensionActiveOn, extensionInput, nextFollowUpDuringExtension, GROUNDS, GROUND_NUMBERS, type Ground } from './extensions.ts';

describe('extensionEnd (SDL § 27 stk. 1 nr. 2 and 3, legal-rules.md 8.1)', () => {
  // Revurdering month end M; nr. 2: M + 69 × 7 = M + 483; nr. 3: M + 134 × 7 + waiting days = M + 938 + w.
  it.each([
    ['2026-07-31', 2, 0, '2027-11-26'],
    ['2026-11-30', 2, 0, '2028-03-27'],
    // The last month end before RS-2027.
    ['2026-12-31', 2, 0, '2028-04-27'],
    // February in a common year, counted across the leap day 29 February 2028.
    ['2027-02-28', 2, 0, '2028-06-25'],
    // The leap day itself as the revurdering month end.
    ['2028-02-29', 2, 0, '2029-06-26'],
    ['2026-07-31', 3, 0, '2029-02-23'],
    ['2026-07-31', 3, 10, '2029-03-05'],
    ['2028-02-29', 3, 0, '2030-09-24'],
    ['2027-12-31', 3, 10, '2030-08-05'],
  ] as const)('M = %s, nr. %i, %i waiting days → %s', (m, ground, wait, end) => {
    expect(extensionEnd(ground as Ground, m, wait)).toBe(end);
  });

  it('counting from the day after the month end (the [M] reading) moves the end one day', () => {
    expect(extensionEnd(2, '2026-07-31', 0, 'day-after')).toBe('2027-11-27');
    expect(extensionEnd(3, '2028-02-29', 0, 'day-after')).toBe('2030-09-25');
  });

  it('grounds without a time limit or running until an event have no end day', () => {
    for (const g of [1, 4, 5, 6, 7] as const) expect(extensionEnd(g, '2026-07-31', 0)).toBeNull();
    expect(GROUNDS[5].end).toBe('open');
    expect(GROUND_NUMBERS.map((g) => GROUNDS[g].source)).toEqual(GROUND_NUMBERS.map((g) => `SDL § 27, stk. 1, nr. ${g}`));
  });
});

describe('extensionNotes', () => {
  const rs2026 = '2026-07-01';
  it('flags nr. 1 and nr. 4 unverified from the day the municipality reads lov 1750/2025 to apply', () => {
    expect(extensionNotes(4, '2026-06-30', '2026-06-30', null, rs2026).filter((n) => n.level === 'warning')).toEqual([]);
    const [w] = extensionNotes(4, '2026-07-01', '2026-07-31', null, rs2026);
    expect(w).toMatchObject({ level: 'warning', confidence: 'L', ruleId: '§ 27 nr. 4' });
    expect(w.text).toContain('Rehabiliteringsteam');
    expect(extensionNotes(1, '2026-07-01', '2026-07-31', null, rs2026)[0].text).toContain('Revalidering');
    // With the other reading (1 February 2026) the same decision in March is flagged.
    expect(extensionNotes(1, '2026-03-02', '2026-02-28', null, '2026-02-01')[0].level).toBe('warning');
    expect(extensionNotes(2, '2026-07-01', '2026-07-31', '2027-11-26', rs2026).some((n) => n.level === 'warning')).toBe(false);
  });

  it('notes J-10 (reduced rate from 2027, [L]) when the citizen would leave the extension on or after 1 January 2027', () => {
    // Ends 30 December 2026: the day after is still 2026, jobafklaring applies.
    expect(extensionNotes(2, '2025-07-31', '2025-07-31', '2026-12-30', rs2026).map((n) => n.ruleId)).toEqual([]);
    // Ends 31 December 2026: the next day is 1 January 2027.
    expect(extensionNotes(2, '2025-08-01', '2025-08-01', '2026-12-31', rs2026).map((n) => n.ruleId)).toEqual(['J-10']);
    expect(extensionNotes(2, '2026-07-31', '2026-07-31', '2027-11-26', rs2026)[0]).toMatchObject({ ruleId: 'J-10', confidence: 'L', level: 'info' });
  });
});

describe('follow-up during an extension (F-4)', () => {
  const ext = { basisMonthEnd: '2026-07-31', endsOn: '2027-11-26', endedOn: null };
  it('continues: the last follow-up plus the agreed interval, no later than the end day', () => {
    expect(nextFollowUpDuringExtension(ext, '2026-09-15', 4)).toBe('2026-10-13');
    expect(nextFollowUpDuringExtension(ext, null, 4)).toBe('2026-08-28');
    expect(nextFollowUpDuringExtension(ext, '2027-11-10', 4)).toBe('2027-11-26');
    // Nr. 5: no time limit, the follow-up continues.
    expect(nextFollowUpDuringExtension({ ...ext, endsOn: null }, '2030-01-01', 8)).toBe('2030-02-26');
    expect(nextFollowUpDuringExtension({ ...ext, endedOn: '2027-01-05' }, '2026-12-01', 4)).toBeNull();
  });
  it('is active until the end day, or until it is ended', () => {
    expect(extensionActiveOn(ext, '2027-11-26')).toBe(true);
    expect(extensionActiveOn(ext, '2027-11-27')).toBe(false);
    expect(extensionActiveOn({ ...ext, endedOn: '2027-01-05' }, '2027-01-05')).toBe(false);
  });
});

describe('extensionInput', () => {
  const issues = (v: unknown) => { const r = extensionInput.safeParse(v); return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`); };
  it('names the field in Danish', () => {
    expect(issues({ ground: 8, decidedOn: '2026-08-01' })).toEqual(['ground: Vælg et grundlag for forlængelse (1–7)']);
    expect(issues({ ground: 2, decidedOn: '2026-08-01', hospitalWaitDays: 5 })).toEqual(['hospitalWaitDays: Ventetid på sygehus tæller kun ved forlængelse efter nr. 3']);
    expect(issues({ ground: 2, decidedOn: '2026-08-01', basisMonthEnd: '2028-02-28' })).toEqual(['basisMonthEnd: Revurderingstidspunktet er den sidste dag i en måned']);
    expect(issues({ ground: 2, decidedOn: '2026-08-01', basisMonthEnd: '2028-02-29' })).toEqual([]);
  });
});
