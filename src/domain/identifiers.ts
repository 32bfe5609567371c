/** Danish person and company identifiers. */
import type { IsoDate } from './dates.ts';
import { isIsoDate } from './dates.ts';

/**
 * Birth date of a CPR number, or null if the number cannot be a real one. The century comes from the
 * 7th digit (CPR-kontoret's table). There is deliberately no modulus-11 check: CPR has issued numbers
 * that fail it since 2007.
 */
export function cprBirthDate(cpr: string): IsoDate | null {
  if (!/^\d{10}$/.test(cpr)) return null;
  const dd = cpr.slice(0, 2);
  const mm = cpr.slice(2, 4);
  const yy = Number(cpr.slice(4, 6));
  const c = Number(cpr[6]);
  let century: number;
  if (c <= 3) century = 1900;
  else if (c === 4 || c === 9) century = yy <= 36 ? 2000 : 1900;
  else century = yy <= 57 ? 2000 : 1800;
  const date = `${century + yy}-${mm}-${dd}`;
  return isIsoDate(date) ? date : null;
}

/** Accepts '010190-1234' or '0101901234' and returns the ten digits. */
export const normalizeCpr = (s: string): string => s.replace(/[\s-]/g, '');

export function cprProblem(raw: string): string | null {
  const cpr = normalizeCpr(raw);
  if (!/^\d{10}$/.test(cpr)) return 'CPR-nummeret skal være 10 cifre (DDMMÅÅ-XXXX)';
  if (!cprBirthDate(cpr)) return 'CPR-nummeret indeholder en fødselsdato, der ikke findes';
  return null;
}


const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1];
/** CVR numbers are 8 digits whose weighted sum (2,7,6,5,4,3,2,1) is divisible by 11. */
export function isValidCvr(cvr: string): boolean {
  if (!/^\d{8}$/.test(cvr) || cvr[0] === '0') return false;
  const sum = CVR_WEIGHTS.reduce((s, w, i) => s + w * Number(cvr[i]), 0);
  return sum % 11 === 0;
}

export function cvrProblem(cvr: string): string | null {
  if (!/^\d{8}$/.test(cvr)) return 'CVR-nummeret skal være 8 cifre';
  if (!isValidCvr(cvr)) return 'CVR-nummeret er ugyldigt (kontrolcifferet passer ikke)';
  return null;
}
