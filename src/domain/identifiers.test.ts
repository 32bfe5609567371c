import { describe, expect, it } from 'vitest';
import { cprBirthDate, cprProblem, isValidCvr, cvrProblem } from './identifiers.ts';

describe('CPR numbers', () => {
  it('reads the century from the 7th digit', () => {
    expect(cprBirthDate('0101901234')).toBe('1990-01-01'); // 1: 1900s
    expect(cprBirthDate('0101104234')).toBe('2010-01-01'); // 4 and year ≤ 36: 2000s
    expect(cprBirthDate('0101504234')).toBe('1950-01-01'); // 4 and year ≥ 37: 1900s
    expect(cprBirthDate('0101605234')).toBe('1860-01-01'); // 5-8 and year ≥ 58: 1800s
    expect(cprBirthDate('0101205234')).toBe('2020-01-01'); // 5-8 and year ≤ 57: 2000s
    expect(cprBirthDate('0101409234')).toBe('1940-01-01'); // 9 and year ≥ 37: 1900s
  });
  it('accepts 29 February only in leap years', () => {
    expect(cprBirthDate('2902004123')).toBe('2000-02-29');
    expect(cprBirthDate('2902011234')).toBeNull();
  });
  it('has no modulus-11 requirement (CPR issues numbers without it since 2007)', () => {
    expect(cprProblem('0101901235')).toBeNull();
    expect(cprProblem('0101901234')).toBeNull();
  });
  it('explains what is wrong in Danish', () => {
    expect(cprProblem('12345')).toMatch(/10 cifre/);
    expect(cprProblem('3201901234')).toMatch(/fødselsdato, der ikke findes/);
    expect(cprProblem('010190-1234')).toBeNull();
  });
});

describe('CVR numbers', () => {
  it('checks the modulus-11 check digit', () => {
    expect(isValidCvr('29403473')).toBe(true); // weighted sum with 2,7,6,5,4,3,2,1 is 132 = 12 × 11
    expect(isValidCvr('29403474')).toBe(false);
    expect(cvrProblem('2940347')).toMatch(/8 cifre/);
    expect(cvrProblem('29403474')).toMatch(/kontrolcifferet/);
  });
});
