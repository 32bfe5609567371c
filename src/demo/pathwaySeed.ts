/**
 * Demo data for issue 10, slice A: suppliers and their packages with prices, and intervention orders on about 30 % of
 * the open cases in target groups 2 and 3. The six pathways come with migration 011. Runs inside the demo seed's
 * transaction, after the cases exist; deterministic (seeded PRNG), so every machine gets the same demo.
 */
import type { Queryable } from '../db/engine.ts';
import { insertRows } from '../db/bulk.ts';
import { addDays, type IsoDate } from '../domain/dates.ts';
import type { InterventionType, Outcome, SupplierKind } from '../domain/pathways.ts';
import { Random } from './random.ts';

interface DemoPackage { type: InterventionType; name: string; description: string; weeks: number; priceOre: number | null }
const SUPPLIERS: { name: string; kind: SupplierKind; cvr: string | null; packages: DemoPackage[] }[] = [
  { name: 'Fokus Psykologerne ApS', kind: 'external', cvr: '35124788', packages: [
    { type: 'psychologist', name: 'Stresspakke, 6 samtaler', description: 'Samtaler med psykolog og en plan for tilbagevenden, aftalt med borgeren.', weeks: 8, priceOre: 960_000 },
    { type: 'psychologist', name: 'Angst og depression, 10 samtaler', description: 'Forløb med psykolog i samarbejde med egen læge.', weeks: 12, priceOre: 1_450_000 },
  ] },
  { name: 'FysioJob A/S', kind: 'external', cvr: '29187422', packages: [
    { type: 'physiotherapy', name: 'Fysioterapeutisk screening', description: 'Screening og anbefaling om skånehensyn inden for en uge.', weeks: 1, priceOre: 125_000 },
    { type: 'physiotherapy', name: 'Træning med arbejdspladsfokus', description: 'To ugentlige træninger og et besøg på arbejdspladsen.', weeks: 8, priceOre: 680_000 },
  ] },
  { name: 'Mentorhuset', kind: 'external', cvr: '38412256', packages: [
    { type: 'mentor', name: 'Mentorstøtte, 10 timer', description: 'En fast mentor, der støtter borgeren i hverdagen og på arbejdspladsen.', weeks: 8, priceOre: 450_000 },
    { type: 'course', name: 'Kursus: Tilbage til hverdagen', description: 'Holdkursus om søvn, energi og struktur i hverdagen.', weeks: 6, priceOre: 380_000 },
  ] },
  { name: 'Jobcentrets virksomhedskonsulenter', kind: 'internal', cvr: null, packages: [
    { type: 'work_placement', name: 'Virksomhedspraktik med opfølgning', description: 'Praktik i en virksomhed med opfølgning hver anden uge.', weeks: 8, priceOre: null },
    { type: 'graduated_return', name: 'Gradvis tilbagevenden med rundbordssamtale', description: 'Trappeplan aftalt med arbejdsgiveren og fulgt op undervejs.', weeks: 6, priceOre: null },
  ] },
  { name: 'Sundheds- og Omsorgsforvaltningen', kind: 'municipal', cvr: null, packages: [
    { type: 'health_talk', name: 'Sundhedssamtale', description: 'En samtale om sundhed, søvn, kost og motion.', weeks: 1, priceOre: null },
    { type: 'health_talk', name: 'Center for Kræft og Sundhed', description: 'Rehabilitering for borgere med kræft.', weeks: 12, priceOre: null },
  ] },
];

/** Which types suit each target group when a demo case gets an order (group 2: mental health; group 3: the body). */
const TYPES_FOR_GROUP: Record<number, InterventionType[]> = {
  2: ['psychologist', 'psychologist', 'mentor', 'course', 'health_talk', 'graduated_return'],
  3: ['physiotherapy', 'physiotherapy', 'work_placement', 'graduated_return', 'health_talk'],
};
const OUTCOME_WEIGHTS: [Outcome, number][] = [['back_to_work', 45], ['partly_back', 30], ['no_effect', 15], ['stopped_early', 10]];

export async function seedPathways(tx: Queryable, opts: { today: IsoDate }): Promise<void> {
  const { today } = opts;
  const r = new Random(10_001);
  const suppliers = await insertRows<{ id: number }>(tx, 'supplier', ['name', 'kind', 'cvr'], SUPPLIERS.map((s) => [s.name, s.kind, s.cvr]), 'id');
  const packageRows: unknown[][] = [];
  SUPPLIERS.forEach((s, i) => s.packages.forEach((p) => packageRows.push([suppliers[i].id, p.type, p.name, p.description, p.weeks, p.priceOre])));
  const ids = await insertRows<{ id: number }>(tx, 'intervention_package', ['supplier_id', 'type', 'name', 'description', 'weeks', 'price_ore'], packageRows, 'id');
  const packages = SUPPLIERS.flatMap((s) => s.packages).map((p, i) => ({ ...p, id: ids[i].id }));

  const cases = await tx.query<{ id: number; targetGroup: number; firstAbsenceDay: string; caseworkerId: number | null }>(
    `SELECT id, target_group AS "targetGroup", to_char(first_absence_day, 'YYYY-MM-DD') AS "firstAbsenceDay", caseworker_id AS "caseworkerId"
       FROM sb_case WHERE status = 'open' AND target_group IN (2, 3) AND caseworker_id IS NOT NULL ORDER BY id`);
  const orders: unknown[][] = [];
  for (const c of cases) {
    if (!r.chance(0.3)) continue;
    const type = r.pick(TYPES_FOR_GROUP[c.targetGroup]);
    const pkg = r.pick(packages.filter((p) => p.type === type));
    // Ordered two to eight weeks into the sick leave; a few start in the coming fortnight.
    let start: IsoDate = addDays(c.firstAbsenceDay, r.int(14, 56));
    if (start > addDays(today, 14)) start = addDays(today, r.int(1, 14));
    // Long cases often get a second, later intervention: half of those that would be over by now are running today.
    else if (addDays(start, pkg.weeks * 7 - 1) < today && r.chance(0.5)) start = addDays(today, -r.int(0, pkg.weeks * 7 - 1));
    const end = addDays(start, pkg.weeks * 7 - 1);
    const cancelled = r.chance(0.05);
    let status: string, outcome: Outcome | null = null, startedOn: IsoDate | null = null, endedOn: IsoDate | null = null;
    if (start > today) status = cancelled ? 'cancelled' : 'ordered';
    else if (end >= today) { status = cancelled ? 'cancelled' : 'active'; startedOn = start; endedOn = cancelled ? today : null; }
    else { startedOn = start; endedOn = end; status = cancelled ? 'cancelled' : 'completed'; outcome = cancelled ? null : r.weighted(OUTCOME_WEIGHTS); }
    const orderedAt = new Date(`${addDays(start, -r.int(3, 10))}T10:00:00+01:00`);
    orders.push([c.id, pkg.id, pkg.type, pkg.priceOre, start, end, status, outcome, startedOn, endedOn, c.caseworkerId, orderedAt]);
  }
  await insertRows(tx, 'intervention_order', ['case_id', 'package_id', 'type', 'price_ore', 'starts_on', 'ends_on', 'status', 'outcome', 'started_on', 'ended_on', 'ordered_by', 'ordered_at'], orders);
}
