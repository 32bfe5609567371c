/**
 * Demo data for issue 10: benefit histories. Runs inside the demo seed's transaction, after the cases exist.
 * Deterministic (its own seeded PRNG, cases in id order): about 15 % of the citizens with an open case get a history
 * ending at their first absence day, as the register export at intake would show it (seed 003: screening of every
 * newly sick citizen's benefit history). About four in ten of those shifted often (at least 3 shifts in the 3 years
 * before the first absence day, counting the sickness spell itself), so the case page has flagged citizens and a
 * proposal of target group 4 to show; the rest have a stable job or one spell of unemployment. Mette's first open
 * case not in target group 4 is always one of the flagged ones (the demo login).
 */
import type { Queryable } from '../db/engine.ts';
import { insertRows } from '../db/bulk.ts';
import { addDays, type IsoDate } from '../domain/dates.ts';
import type { BenefitKind } from '../domain/benefitHistory.ts';
import { Random } from './random.ts';

const SHIFTING: BenefitKind[] = ['unemployment_benefit', 'work', 'cash_benefit', 'resource_course', 'work', 'sickness_benefit'];
const sourceOf = (k: BenefitKind) => (k === 'work' ? 'eIndkomst' : k === 'unemployment_benefit' ? 'DREAM' : 'KY');

type Row = [citizenId: number, kind: BenefitKind, from: IsoDate, to: IsoDate | null, source: string];

/** A history of 4-6 short periods of changing kinds, the last ending the day before the first absence day. */
function shiftingHistory(rnd: Random, citizenId: number, firstAbsenceDay: IsoDate): Row[] {
  const rows: Row[] = [];
  let end = addDays(firstAbsenceDay, -1);
  // The period just before the sickness spell is never sickness benefit, so the case itself is a shift.
  let next: BenefitKind = 'sickness_benefit';
  for (let i = rnd.int(4, 6); i > 0; i--) {
    let kind = rnd.pick(SHIFTING);
    while (kind === next) kind = rnd.pick(SHIFTING);
    const from = addDays(end, -rnd.int(60, 400));
    rows.unshift([citizenId, kind, from, end, sourceOf(kind)]);
    next = kind;
    end = addDays(from, -rnd.int(1, 20));
  }
  return rows;
}

/** A stable history: a job held for years (still running), sometimes after a spell of unemployment benefit. */
function stableHistory(rnd: Random, citizenId: number, firstAbsenceDay: IsoDate): Row[] {
  const jobFrom = addDays(firstAbsenceDay, -rnd.int(800, 3600));
  const rows: Row[] = [[citizenId, 'work', jobFrom, null, 'eIndkomst']];
  if (rnd.chance(0.4)) rows.unshift([citizenId, 'unemployment_benefit', addDays(jobFrom, -rnd.int(60, 300)), addDays(jobFrom, -1), 'DREAM']);
  return rows;
}

export async function seedBenefitHistory(tx: Queryable, opts: { today: IsoDate }): Promise<void> {
  const rnd = new Random(1410);
  const cases = await tx.query<{ citizenId: number; firstAbsenceDay: string; targetGroup: number | null; mette: boolean }>(
    `SELECT DISTINCT ON (c.citizen_id) c.citizen_id AS "citizenId", to_char(c.first_absence_day, 'YYYY-MM-DD') AS "firstAbsenceDay",
            c.target_group AS "targetGroup", (u.username = 'mette') AS mette
       FROM sb_case c LEFT JOIN app_user u ON u.id = c.caseworker_id
      WHERE c.status = 'open' AND c.first_absence_day <= $1
      ORDER BY c.citizen_id, c.id`, [opts.today]);
  const showcase = cases.filter((c) => c.mette && c.targetGroup !== 4).sort((a, b) => a.citizenId - b.citizenId)[0];
  const rows: Row[] = [];
  for (const c of cases.sort((a, b) => a.citizenId - b.citizenId)) {
    const pick = rnd.next();
    if (c !== showcase && pick >= 0.15) continue;
    rows.push(...(c === showcase || rnd.chance(0.4) ? shiftingHistory(rnd, c.citizenId, c.firstAbsenceDay) : stableHistory(rnd, c.citizenId, c.firstAbsenceDay)));
  }
  const at = new Date(`${opts.today}T07:00:00Z`);
  await insertRows(tx, 'benefit_period', ['citizen_id', 'kind', 'starts_on', 'ends_on', 'source', 'imported_at'],
    rows.map((r) => [...r, at]));
}
