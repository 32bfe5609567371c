import { describe, expect, it } from 'vitest';
import { countShifts, parseBenefitCsv, screenCase, screeningSettings, windowStart, DEFAULT_BENEFIT_SCREENING, type Period } from './benefitHistory.ts';

const TODAY = '2027-01-15';
const HEADER = 'cpr;ydelse;fra;til;kilde';

describe('the benefit-history CSV', () => {
  it('reads a file from Danish Excel: BOM, CRLF, an empty til, upper-case words, a hyphenated CPR, quoted fields', () => {
    const csv = '\uFEFFCPR;Ydelse;Fra;Til;Kilde\r\n' +
      '010190-1234;Dagpenge;2023-01-02;2023-06-30;DREAM\r\n' +
      '0101901234;kontanthjælp;2023-07-01;;"KY"\r\n' +
      '"0202902345";ressourceforløbsydelse;2024-02-29;2024-12-31;\r\n';
    const r = parseBenefitCsv(csv, TODAY);
    expect(r.errors).toEqual([]);
    expect(r.lines).toBe(3);
    expect(r.periods).toEqual([
      { line: 2, cpr: '0101901234', kind: 'unemployment_benefit', from: '2023-01-02', to: '2023-06-30', source: 'DREAM' },
      { line: 3, cpr: '0101901234', kind: 'cash_benefit', from: '2023-07-01', to: null, source: 'KY' },
      { line: 4, cpr: '0202902345', kind: 'resource_course', from: '2024-02-29', to: '2024-12-31', source: null },
    ]);
  });

  it('skips blank lines and lines of only semicolons, counting lines as Excel shows them', () => {
    const r = parseBenefitCsv(`${HEADER}\n\n;;;;\n0101901234;arbejde;2024-01-01;;\n0101901234;pension;2024-05-01;;\n`, TODAY);
    expect(r.errors.map((e) => e.message)).toEqual(['Linje 5, kolonne ydelse: ukendt ydelse "pension"; skriv dagpenge, sygedagpenge, kontanthjælp, ressourceforløb, arbejde']);
  });

  it('names line and column of every bad line, and returns no periods when any line is bad (all or nothing)', () => {
    const csv = [
      HEADER,
      '0101901234;dagpenge;2023-01-02;2023-06-30;DREAM', // fine
      '0101901234;sygedagpenge;2025-02-29;;', // 2025 is no leap year
      '0101901234;sygedagpenge;01-03-2025;;',
      '0101901234;arbejde;2025-04-01;2025-03-31;',
      '0101901234;arbejde;2025-04-01',
      '0101901234;arbejde;2027-01-16;;', // after today
      '0101901234;dagpenge;2023-01-02;2023-07-31;DREAM', // same citizen, kind and fra as line 2
    ].join('\n');
    const r = parseBenefitCsv(csv, TODAY);
    expect(r.periods).toEqual([]);
    expect(r.errors).toEqual([
      { line: 3, column: 'fra', message: 'Linje 3, kolonne fra: datoen 2025-02-29 findes ikke i kalenderen' },
      { line: 4, column: 'fra', message: 'Linje 4, kolonne fra: datoen "01-03-2025" skal skrives som ÅÅÅÅ-MM-DD' },
      { line: 5, column: 'til', message: 'Linje 5, kolonne til: til-datoen 2025-03-31 ligger før fra-datoen 2025-04-01' },
      { line: 6, column: null, message: 'Linje 6: linjen har 3 kolonner; der skal være 5 (cpr;ydelse;fra;til;kilde)' },
      { line: 7, column: 'fra', message: 'Linje 7, kolonne fra: perioden kan ikke begynde i fremtiden (2027-01-16)' },
      { line: 8, column: 'fra', message: 'Linje 8, kolonne fra: samme borger, ydelse og fra-dato står allerede i linje 2; ret eller slet den ene' },
    ]);
  });

  it('refuses a CPR number without quoting it, and hints at the 0 Excel drops', () => {
    const r = parseBenefitCsv(`${HEADER}\n101901234;arbejde;2024-01-01;;\n3213901234;arbejde;2024-01-01;;\n;arbejde;2024-01-01;;`, TODAY);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([[2, 'cpr'], [3, 'cpr'], [4, 'cpr']]);
    expect(r.errors[0].message).toContain('Har Excel fjernet et 0 foran?');
    expect(r.errors[1].message).toBe('Linje 3, kolonne cpr: CPR-nummeret indeholder en fødselsdato, der ikke findes');
    expect(r.errors[2].message).toBe('Linje 4, kolonne cpr: CPR-nummeret mangler');
    for (const e of r.errors) expect(e.message).not.toMatch(/\d{9}/);
  });

  it('refuses a wrong header, a comma-separated file, an empty file and one saved as Windows-1252', () => {
    expect(parseBenefitCsv('cpr;ydelse;fra;til\n0101901234;arbejde;2024-01-01;', TODAY).errors[0].message)
      .toBe('Linje 1: overskriften skal være cpr;ydelse;fra;til;kilde.');
    expect(parseBenefitCsv('cpr,ydelse,fra,til,kilde\n', TODAY).errors[0].message).toContain('kommasepareret');
    expect(parseBenefitCsv('\uFEFF\r\n', TODAY).errors[0].message).toBe('Linje 1: filen er tom; første linje skal være overskriften cpr;ydelse;fra;til;kilde');
    expect(parseBenefitCsv(`${HEADER}\n`, TODAY).errors[0].message).toBe('Linje 2: filen har ingen perioder under overskriften');
    expect(parseBenefitCsv(`${HEADER}\n0101901234;kontanthj\uFFFDlp;2024-01-01;;`, TODAY).errors[0]).toMatchObject({ line: 2, column: null });
  });
});

const p = (kind: Period['kind'], from: string, to: string | null = null): Period => ({ kind, from, to });

describe('counting shifts between benefits', () => {
  it('counts each start of another benefit, with work as a benefit of its own', () => {
    const history = [
      p('unemployment_benefit', '2024-01-01', '2024-06-30'),
      p('work', '2024-07-01', '2024-12-31'),
      p('cash_benefit', '2025-01-01', '2025-08-31'),
      p('sickness_benefit', '2025-09-01'),
    ];
    expect(countShifts(history, '2026-03-01', 3)).toEqual({ shiftDates: ['2024-07-01', '2025-01-01', '2025-09-01'], shifts: 3, windowFrom: '2023-03-02', windowTo: '2026-03-01' });
  });

  it('does not count the same benefit again after a gap, nor a period beginning after the day screened', () => {
    const history = [p('unemployment_benefit', '2024-01-01', '2024-03-31'), p('unemployment_benefit', '2024-09-01', '2024-12-31'), p('work', '2026-04-01')];
    expect(countShifts(history, '2026-03-01', 3).shifts).toBe(0);
  });

  it('orders overlapping periods by their start: sickness during a job is one shift, the job going on is none', () => {
    const history = [p('work', '2020-01-01'), p('sickness_benefit', '2025-03-03', '2025-05-30'), p('sickness_benefit', '2025-10-01', '2025-11-15')];
    // work → sickness benefit (2025-03-03); the second spell follows the first sickness spell: no new shift.
    expect(countShifts(history, '2026-01-01', 3).shiftDates).toEqual(['2025-03-03']);
  });

  it('counts periods beginning on the same day as at most one shift, and goes on from the longest of them', () => {
    const history = [p('unemployment_benefit', '2024-01-01', '2024-12-31'), p('work', '2025-01-06', '2025-01-31'), p('sickness_benefit', '2025-01-06'), p('sickness_benefit', '2025-06-01')];
    expect(countShifts(history, '2026-01-01', 3).shiftDates).toEqual(['2025-01-06']);
  });

  it('counts a shift exactly three years back as outside, the day after as inside', () => {
    const history = (shiftDay: string) => [p('work', '2019-01-01', '2024-01-14'), p('unemployment_benefit', shiftDay)];
    // 15 January 2027: the window begins 16 January 2024.
    expect(windowStart('2027-01-15', 3)).toBe('2024-01-16');
    expect(countShifts(history('2024-01-15'), '2027-01-15', 3).shifts).toBe(0);
    expect(countShifts(history('2024-01-16'), '2027-01-15', 3).shifts).toBe(1);
    // On the day screened itself the shift counts.
    expect(countShifts(history('2027-01-15'), '2027-01-15', 3).shifts).toBe(1);
  });

  it('handles leap days at the boundary', () => {
    // Screened on 29 February 2028: three years back is 28 February 2025 (no 29th), so the window begins 1 March 2025.
    expect(windowStart('2028-02-29', 3)).toBe('2025-03-01');
    const shiftOn = (d: string) => [p('work', '2020-01-01', '2025-01-31'), p('cash_benefit', d)];
    expect(countShifts(shiftOn('2025-02-28'), '2028-02-29', 3).shifts).toBe(0);
    expect(countShifts(shiftOn('2025-03-01'), '2028-02-29', 3).shifts).toBe(1);
    // Screened on 28 February 2027: the window begins on the leap day 29 February 2024, which is inside.
    expect(windowStart('2027-02-28', 3)).toBe('2024-02-29');
    expect(countShifts(shiftOn('2024-02-28'), '2027-02-28', 3).shifts).toBe(0);
    expect(countShifts(shiftOn('2024-02-29'), '2027-02-28', 3).shifts).toBe(1);
  });
});

describe('screening a case at intake', () => {
  const openCase = { firstAbsenceDay: '2026-03-02', exitDate: null, targetGroup: 1, status: 'open' as const };
  const history = [p('unemployment_benefit', '2023-06-01', '2023-12-31'), p('work', '2024-01-02', '2024-08-31'), p('cash_benefit', '2024-09-01', '2026-02-27')];

  it("counts the case's own sickness spell and proposes target group 4 at three shifts", () => {
    const s = screenCase(history, openCase, DEFAULT_BENEFIT_SCREENING);
    expect(s.shiftDates).toEqual(['2024-01-02', '2024-09-01', '2026-03-02']);
    expect(s.flagged).toBe(true);
    expect(s.proposal).toEqual({ targetGroup: 4, reason: 'Borgeren har skiftet ydelse 3 gange på 3 år – overvej målgruppe 4' });
  });

  it('flags nobody without imported history, and proposes nothing for a case already in target group 4 or closed', () => {
    expect(screenCase([], openCase, DEFAULT_BENEFIT_SCREENING)).toMatchObject({ shifts: 0, flagged: false, proposal: null });
    expect(screenCase(history, { ...openCase, targetGroup: 4 }, DEFAULT_BENEFIT_SCREENING)).toMatchObject({ flagged: true, proposal: null });
    expect(screenCase(history, { ...openCase, status: 'closed', exitDate: '2026-05-01' }, DEFAULT_BENEFIT_SCREENING)).toMatchObject({ flagged: true, proposal: null });
  });

  it("follows the municipality's thresholds, and the default when the policy has none or a broken one", () => {
    expect(screenCase(history, openCase, { minShifts: 4, years: 3 }).flagged).toBe(false);
    expect(screenCase(history, openCase, { minShifts: 2, years: 1 })).toMatchObject({ shiftDates: ['2026-03-02'], flagged: false });
    expect(screeningSettings({ benefitScreening: { minShifts: 4, years: 5 } })).toEqual({ minShifts: 4, years: 5 });
    expect(screeningSettings({})).toEqual({ minShifts: 3, years: 3 });
    expect(screeningSettings({ benefitScreening: { minShifts: 0, years: 'tre' } })).toEqual({ minShifts: 3, years: 3 });
    expect(screeningSettings(null)).toEqual({ minShifts: 3, years: 3 });
  });
});
