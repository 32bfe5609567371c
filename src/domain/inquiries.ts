/**
 * Inquiries from citizens: the input schemas (Danish messages), whether an answer came on time, and the reproducible
 * random sample the Copenhagen seed checks by hand. Pure: the due date itself comes from rules/letters.ts `answerDue`.
 */
import * as z from 'zod';
import { isoDate } from './caseFields.ts';
import { ANSWER_CHANNELS, type AnswerChannel } from '../rules/policy.ts';
import { Random } from '../demo/random.ts';
import type { IsoDate } from './dates.ts';

export { ANSWER_CHANNELS, type AnswerChannel };
export const CHANNELS = Object.keys(ANSWER_CHANNELS) as AnswerChannel[];

const channelField = z.enum(CHANNELS as [AnswerChannel, ...AnswerChannel[]], { error: 'Vælg telefon, e-mail, brev eller digital henvendelse' });
const freeText = (what: string, max: number) =>
  z.string({ error: `Skriv ${what}` }).trim().min(1, `Skriv ${what}`).max(max, `Højst ${max} tegn`);

export const registerInquiryInput = z.strictObject({
  channel: channelField,
  receivedAt: isoDate,
  summary: freeText('hvad henvendelsen drejer sig om', 4000),
});
export type RegisterInquiryInput = z.infer<typeof registerInquiryInput>;

export const answerInquiryInput = z.strictObject({
  answeredAt: isoDate,
  text: freeText('svaret', 8000),
});
export type AnswerInquiryInput = z.infer<typeof answerInquiryInput>;

/** Period queries: from and to are both included; `to` may not come before `from`. */
export const periodQuery = z.strictObject({ from: isoDate, to: isoDate })
  .refine((p) => p.to >= p.from, { path: ['to'], message: 'Slutdatoen skal ligge på eller efter startdatoen' });

export const MAX_SAMPLE = 500;
export const sampleQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  size: z.string({ error: 'Skriv stikprøvens størrelse' }).regex(/^[1-9]\d{0,3}$/, 'Stikprøvens størrelse skal være et helt tal')
    .transform(Number).refine((n) => n <= MAX_SAMPLE, `Højst ${MAX_SAMPLE} henvendelser i en stikprøve`),
  seed: z.string({ error: 'Skriv et frø (et helt tal)' }).regex(/^(0|[1-9]\d{0,9})$/, 'Frøet skal være et helt tal')
    .transform(Number).refine((n) => n <= 4_294_967_295, 'Frøet er for stort'),
}).refine((p) => p.to >= p.from, { path: ['to'], message: 'Slutdatoen skal ligge på eller efter startdatoen' });

/** On time means answered on or before the due day (the policy says "within n working days"). */
export const onTime = (answeredOn: IsoDate, due: IsoDate) => answeredOn <= due;

/**
 * A simple random sample without replacement of `size` ids, reproducible from `seedNumber`: the same ids and seed
 * always give the same sample, whatever order the ids came in (they are sorted first), so a sample drawn for the
 * hand check can be drawn again by the auditor. Partial Fisher-Yates on a mulberry32 stream; returned sorted.
 */
export function sampleInquiries(ids: readonly number[], size: number, seedNumber: number): number[] {
  const pool = [...new Set(ids)].sort((a, b) => a - b);
  const n = Math.min(Math.max(0, Math.floor(size)), pool.length);
  const rnd = new Random(seedNumber);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rnd.next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n).sort((a, b) => a - b);
}

export interface ComplianceRow { channel: AnswerChannel; employment: string; answered: number; onTime: number }
export interface Share { answered: number; onTime: number; share: number | null }

const share = (answered: number, on: number): Share => ({ answered, onTime: on, share: answered ? Math.round((on / answered) * 1000) / 1000 : null });

/**
 * Shares answered on time per channel and per employment group. The issue splits citizens sick from a job from those
 * sick from unemployment; self-employed citizens are counted with the employed (sick from their own work) — the
 * `employmentGroup` mapping below is the one place that decides it.
 */
export const employmentGroup = (employment: string): 'employed' | 'unemployed' => (employment === 'unemployed' ? 'unemployed' : 'employed');

export function complianceShares(rows: readonly ComplianceRow[]) {
  const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, [0, 0]])) as Record<AnswerChannel, [number, number]>;
  const byGroup: Record<'employed' | 'unemployed', [number, number]> = { employed: [0, 0], unemployed: [0, 0] };
  let all: [number, number] = [0, 0];
  for (const r of rows) {
    for (const t of [byChannel[r.channel], byGroup[employmentGroup(r.employment)], all]) { t[0] += r.answered; t[1] += r.onTime; }
  }
  const map = <K extends string>(o: Record<K, [number, number]>) =>
    Object.fromEntries((Object.entries(o) as [K, [number, number]][]).map(([k, [a, t]]) => [k, share(a, t)])) as Record<K, Share>;
  return { total: share(all[0], all[1]), byChannel: map(byChannel), byEmployment: map(byGroup) };
}
