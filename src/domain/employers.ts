/**
 * The employer register: size bands, contact persons, the contact log, and early-effort targeting (seed 000,
 * Slagelse: aim the early effort at the workplaces with many sick-listed, the municipality's own institutions too).
 * Schemas with Danish messages; the pure bits the UI and the analytics share.
 */
import * as z from 'zod';
import { dbId, isoDate } from './caseFields.ts';

/** Employees, in the bands of Danmarks Statistik's firm statistics. */
export const SIZE_BANDS = { '1-9': '1-9 ansatte', '10-49': '10-49 ansatte', '50-249': '50-249 ansatte', '250+': '250 eller flere ansatte' } as const;
export type SizeBand = keyof typeof SIZE_BANDS;

export const LOG_CHANNELS = { phone: 'Telefon', email: 'E-mail', meeting: 'Møde', visit: 'Virksomhedsbesøg', letter: 'Brev' } as const;
export type LogChannel = keyof typeof LOG_CHANNELS;

/** The band a head count falls in. */
export function sizeBandOf(employees: number): SizeBand {
  if (employees < 10) return '1-9';
  if (employees < 50) return '10-49';
  if (employees < 250) return '50-249';
  return '250+';
}

const text = (what: string, max: number) => z.string({ error: `Skriv ${what}` }).trim().min(1, `Skriv ${what}`).max(max, `Højst ${max} tegn`);
const optionalText = (max: number) => z.string().trim().max(max, `Højst ${max} tegn`).nullable().optional().transform((v) => (v ? v : null));

export const employerSearchQuery = z.strictObject({
  q: z.string().trim().max(100, 'Højst 100 tegn').optional(),
});

export const addContactInput = z.strictObject({
  name: text('kontaktpersonens navn', 200),
  role: optionalText(200),
  phone: z.string().trim().max(40, 'Højst 40 tegn').regex(/^[+\d\s()-]*$/, 'Telefonnummeret må kun indeholde cifre, mellemrum, +, - og parenteser').nullable().optional().transform((v) => (v ? v : null)),
  email: z.string().trim().max(254, 'Højst 254 tegn').refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'Skriv en gyldig e-mailadresse').nullable().optional().transform((v) => (v ? v : null)),
});
export type AddContactInput = z.infer<typeof addContactInput>;

export const addLogInput = z.strictObject({
  caseId: dbId('Sagsnummeret').nullable().optional(),
  channel: z.enum(Object.keys(LOG_CHANNELS) as [LogChannel, ...LogChannel[]], { error: 'Vælg telefon, e-mail, møde, virksomhedsbesøg eller brev' }),
  summary: text('hvad kontakten drejede sig om', 4000),
});
export type AddLogInput = z.infer<typeof addLogInput>;

export const MAX_EARLY_EFFORT = 50;
export const earlyEffortQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  limit: z.string().regex(/^[1-9]\d{0,2}$/, 'Antal skal være et helt tal').transform(Number)
    .refine((n) => n <= MAX_EARLY_EFFORT, `Højst ${MAX_EARLY_EFFORT}`).optional(),
}).refine((p) => p.to >= p.from, { path: ['to'], message: 'Slutdatoen skal ligge på eller efter startdatoen' });

/** Bar lengths for a small bar chart: the largest value gets `width`, the others in proportion (at least 1 when > 0). */
export function barLengths(values: readonly number[], width: number): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 || v <= 0 ? 0 : Math.max(1, Math.round((v / max) * width))));
}
