/**
 * Citizen pathways (borgerforløb) and interventions (issue 10, slice A). Copenhagen's status of 13 Nov 2015 (seed 001,
 * pejlemærke 4): caseworkers place each sick-listed citizen in one of six pathways, and the pathway shows an
 * intervention model: what the caseworker does, what suppliers and the municipality's other departments (health and
 * care SUF, social services SOF) can help with, and which supplier package (pakkeforløb) fits best.
 *
 * Pure: vocabularies with Danish labels, input schemas (Danish messages naming the field), who fits a pathway, the
 * due dates of a model's steps, the life of an intervention order, and the activation share.
 */
import * as z from 'zod';
import type { IsoDate } from './dates.ts';
import { CATEGORIES, DIAGNOSIS_GROUPS, EMPLOYMENTS, TARGET_GROUPS, dbId, isoDate, reasonField, versionField, type DiagnosisGroup, type Employment } from './caseFields.ts';
import { invalidField } from './errors.ts';

export const INTERVENTION_TYPES = {
  work_placement: 'Virksomhedspraktik',
  graduated_return: 'Gradvis tilbagevenden (delvis raskmelding)',
  mentor: 'Mentor',
  health_talk: 'Sundhedssamtale',
  psychologist: 'Psykolog',
  physiotherapy: 'Fysioterapi',
  course: 'Kursus',
} as const;
export type InterventionType = keyof typeof INTERVENTION_TYPES;

export const SUPPLIER_KINDS = { external: 'Ekstern leverandør', internal: 'Intern leverandør', municipal: 'Anden forvaltning' } as const;
export type SupplierKind = keyof typeof SUPPLIER_KINDS;

/** The municipality's other departments named in the seed: Sundheds- og Omsorgsforvaltningen, Socialforvaltningen. */
export const DEPARTMENTS = { SUF: 'Sundheds- og Omsorgsforvaltningen', SOF: 'Socialforvaltningen' } as const;
export type Department = keyof typeof DEPARTMENTS;

export const ORDER_STATUSES = { ordered: 'Bestilt', active: 'I gang', completed: 'Gennemført', cancelled: 'Annulleret' } as const;
export type OrderStatus = keyof typeof ORDER_STATUSES;
export const OUTCOMES = {
  back_to_work: 'Tilbage i arbejde',
  partly_back: 'Delvist tilbage i arbejde',
  no_effect: 'Ingen effekt',
  stopped_early: 'Stoppet før tid',
} as const;
export type Outcome = keyof typeof OUTCOMES;

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

// ---- Pathways ------------------------------------------------------------------------------------------------

export interface PathwayFit { targetGroups: number[]; categories: number[]; causes: DiagnosisGroup[]; employments: Employment[] }
export interface PathwayStep { title: string; workingDays: number }
export interface PathwayOffer { department: Department; name: string }
export interface PathwayModel {
  name: string;
  description: string;
  fit: PathwayFit;
  steps: PathwayStep[];
  interventionTypes: InterventionType[];
  offers: PathwayOffer[];
}

const text = (what: string, max: number) => z.string({ error: `Skriv ${what}` }).trim().min(1, `Skriv ${what}`).max(max, `Højst ${max} tegn`);
const unique = <T>(xs: T[]) => new Set(xs).size === xs.length;

export const pathwayNumber = z.number({ error: 'Vælg et borgerforløb (1-6)' }).int('Vælg et borgerforløb (1-6)').min(1, 'Vælg et borgerforløb (1-6)').max(6, 'Vælg et borgerforløb (1-6)');

export const pathwayModelInput = z.strictObject({
  name: text('forløbets navn', 120),
  description: text('hvem forløbet er til', 1000),
  fit: z.strictObject({
    targetGroups: z.array(z.number({ error: 'Målgruppe 1-4' }).int('Målgruppe 1-4').min(1, 'Målgruppe 1-4').max(4, 'Målgruppe 1-4')).max(4).refine(unique, 'Hver målgruppe én gang'),
    categories: z.array(z.union([z.literal(1), z.literal(2)], { error: 'Kategori skal være 1 eller 2' })).max(2).refine(unique, 'Hver kategori én gang'),
    causes: z.array(z.enum(keys(DIAGNOSIS_GROUPS), { error: 'Ukendt årsag' })).max(8).refine(unique, 'Hver årsag én gang'),
    employments: z.array(z.enum(keys(EMPLOYMENTS), { error: 'Ukendt beskæftigelse' })).max(3).refine(unique, 'Hver beskæftigelse én gang'),
  }),
  steps: z.array(z.strictObject({
    title: text('hvad sagsbehandleren gør', 200),
    workingDays: z.number({ error: 'Skriv antal arbejdsdage' }).int('Antal arbejdsdage skal være et helt tal').min(0, 'Mindst 0 arbejdsdage').max(260, 'Højst 260 arbejdsdage'),
  }), { error: 'Angiv forløbets trin' }).min(1, 'Angiv mindst ét trin').max(12, 'Højst 12 trin'),
  interventionTypes: z.array(z.enum(keys(INTERVENTION_TYPES), { error: 'Ukendt indsatstype' })).max(7).refine(unique, 'Hver indsatstype én gang'),
  offers: z.array(z.strictObject({
    department: z.enum(keys(DEPARTMENTS), { error: 'Vælg SUF eller SOF' }),
    name: text('tilbuddets navn', 200),
  })).max(12, 'Højst 12 tilbud'),
});

/** An administrator's edit: the whole model, the version it was based on (a newer one is a conflict), and why. */
export const editPathwayInput = pathwayModelInput.extend({ basedOn: versionField, reason: reasonField });
export type EditPathwayInput = z.infer<typeof editPathwayInput>;

/** POST /api/cases/:id/pathway: the pathway and the case version the caseworker saw. */
export const assignPathwayInput = z.strictObject({ pathway: pathwayNumber, version: versionField });
export type AssignPathwayInput = z.infer<typeof assignPathwayInput>;

/** The case facts a pathway's fit reads. `diagnosisGroup` is health information: pass it only for viewers who see it. */
export interface FitFacts { targetGroup: number | null; category: number | null; employment: Employment; diagnosisGroup?: DiagnosisGroup | null }

export interface FitResult {
  /** True when no stated criterion is broken (criteria that cannot be judged are listed in `unknown`). */
  fits: boolean;
  /** Criteria the case breaks, in Danish. */
  unmet: string[];
  /** Criteria that could not be judged: the fact is missing, or it is health information the viewer does not see. */
  unknown: string[];
}

const list = (xs: readonly string[]) => xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} eller ${xs[xs.length - 1]}`;

/**
 * Who fits a pathway. Each criterion with values must hold; an empty one is "any". A missing fact (no target group
 * yet) is not a reason to rule the pathway out, only to say it was not judged; so is the cause when the viewer may
 * not see health information (`seesHealth` false), so the answer never reveals the diagnosis group.
 */
export function pathwayFit(fit: PathwayFit, f: FitFacts, seesHealth: boolean): FitResult {
  const unmet: string[] = [];
  const unknown: string[] = [];
  const check = <V extends string | number>(values: readonly V[], value: V | null | undefined, label: (v: V) => string, what: string) => {
    if (values.length === 0) return;
    if (value == null) unknown.push(`${what} er ikke angivet`);
    else if (!values.includes(value)) unmet.push(`${what} skal være ${list(values.map(label))}`);
  };
  check(fit.targetGroups, f.targetGroup, (v) => `${v} (${TARGET_GROUPS[v as keyof typeof TARGET_GROUPS].toLowerCase()})`, 'Målgruppe');
  check(fit.categories, f.category, (v) => CATEGORIES[v as keyof typeof CATEGORIES].toLowerCase(), 'Kategori');
  check(fit.employments, f.employment, (v) => EMPLOYMENTS[v].toLowerCase(), 'Sygemeldt fra');
  if (fit.causes.length) {
    if (!seesHealth) unknown.push('Årsagen er en helbredsoplysning og vurderes kun af sagens team');
    else check(fit.causes, f.diagnosisGroup, (v) => DIAGNOSIS_GROUPS[v].toLowerCase(), 'Årsag');
  }
  return { fits: unmet.length === 0, unmet, unknown };
}

/** Pathways in the order a caseworker should look at them: fitting first, then those judged on the most facts. */
export function rankPathways<P extends { id: number; fit: PathwayFit }>(pathways: readonly P[], f: FitFacts, seesHealth: boolean): (P & { match: FitResult })[] {
  return pathways
    .map((p) => ({ ...p, match: pathwayFit(p.fit, f, seesHealth) }))
    .sort((a, b) => Number(b.match.fits) - Number(a.match.fits) || a.match.unmet.length - b.match.unmet.length
      || a.match.unknown.length - b.match.unknown.length || a.id - b.id);
}

/** The working-day calendar the steps are counted on (rules/calendar.ts `municipalCalendar` in the app). */
export interface WorkingDays {
  nthWorkingDayAfter(d: IsoDate, n: number): IsoDate;
  nextWorkingDayOnOrAfter(d: IsoDate): IsoDate;
}

/**
 * The model's steps as tasks: step n is due `workingDays` working days after the day the pathway was assigned (0:
 * that day, or the next working day if it is closed), so a step never falls due on a weekend, a public holiday or a
 * municipal closed day. In due order; steps with the same due day keep the model's order.
 */
export function proposeSteps(steps: readonly PathwayStep[], assignedOn: IsoDate, cal: WorkingDays): { title: string; due: IsoDate }[] {
  return steps
    .map((s, i) => ({ i, title: s.title, due: s.workingDays === 0 ? cal.nextWorkingDayOnOrAfter(assignedOn) : cal.nthWorkingDayAfter(assignedOn, s.workingDays) }))
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.i - b.i))
    .map(({ title, due }) => ({ title, due }));
}

// ---- Intervention orders -------------------------------------------------------------------------------------

export const orderInterventionInput = z.strictObject({
  packageId: dbId('Pakken'),
  start: isoDate,
  end: isoDate,
  note: z.string().trim().max(2000, 'Højst 2000 tegn').optional().nullable(),
});
export type OrderInterventionInput = z.infer<typeof orderInterventionInput>;

export const orderStatusInput = z.strictObject({
  status: z.enum(keys(ORDER_STATUSES), { error: 'Vælg bestilt, i gang, gennemført eller annulleret' }),
  outcome: z.enum(keys(OUTCOMES), { error: 'Vælg tilbage i arbejde, delvist tilbage, ingen effekt eller stoppet før tid' }).optional().nullable(),
  /** The day it started, ended or was cancelled; today if left out. */
  date: isoDate.optional(),
  /** The order's version the caseworker saw; a newer one is a conflict. */
  version: versionField.optional(),
});
export type OrderStatusInput = z.infer<typeof orderStatusInput>;

/** A new order: the planned period lies after the first absence day and ends on or after it starts. */
export function checkNewOrder(input: { start: IsoDate; end: IsoDate }, c: { firstAbsenceDay: IsoDate }) {
  if (input.end < input.start) throw invalidField('end', 'Slutdatoen kan ikke ligge før startdatoen');
  if (input.start < c.firstAbsenceDay) throw invalidField('start', 'Indsatsen kan ikke starte før første fraværsdag');
}

/** Which status may follow which: an order starts, then is completed; either may be cancelled; the end is final. */
export const NEXT_STATUS: Record<OrderStatus, readonly OrderStatus[]> = {
  ordered: ['active', 'cancelled'],
  active: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export interface OrderState { status: OrderStatus; startsOn: IsoDate; startedOn: IsoDate | null }
export interface OrderChange { status: OrderStatus; outcome: Outcome | null; startedOn: IsoDate | null; endedOn: IsoDate | null }

/**
 * A status change. The outcome is recorded when (and only when) the intervention is completed. The day of the change
 * (today unless given) cannot lie in the future; an end cannot lie before the start.
 */
export function changeOrderStatus(o: OrderState, input: { status: OrderStatus; outcome?: Outcome | null; date?: IsoDate }, today: IsoDate): OrderChange {
  const day = input.date ?? today;
  if (input.status === o.status) throw invalidField('status', `Indsatsen er allerede ${ORDER_STATUSES[o.status].toLowerCase()}`);
  if (!NEXT_STATUS[o.status].includes(input.status))
    throw invalidField('status', o.status === 'completed' || o.status === 'cancelled'
      ? `Indsatsen er ${ORDER_STATUSES[o.status].toLowerCase()} og kan ikke ændres`
      : `En bestilt indsats skal i gang, før den kan gennemføres`);
  if (input.outcome && input.status !== 'completed') throw invalidField('outcome', 'Resultatet angives kun, når indsatsen er gennemført');
  if (input.status === 'completed' && !input.outcome) throw invalidField('outcome', 'Vælg resultatet af indsatsen');
  if (day > today) throw invalidField('date', 'Datoen kan ikke ligge i fremtiden');
  if (input.status === 'active') return { status: 'active', outcome: null, startedOn: day, endedOn: null };
  if (o.startedOn && day < o.startedOn) throw invalidField('date', `Slutdatoen kan ikke ligge før indsatsen startede (${o.startedOn})`);
  // Cancelled before it started: it was never running, so it has no end day.
  return { status: input.status, outcome: input.outcome ?? null, startedOn: o.startedOn, endedOn: o.startedOn ? day : null };
}

/** Prices are kept in øre; shown as Danish kroner: 12.500,00 kr. */
export function formatDkk(ore: number | null): string {
  if (ore == null) return 'Uden beregning';
  const neg = ore < 0;
  const abs = Math.abs(Math.round(ore));
  const kr = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${neg ? '-' : ''}${kr},${String(abs % 100).padStart(2, '0')} kr.`;
}

// ---- Return-to-work goal and milestones ---------------------------------------------------------------------

export interface Milestone { date: IsoDate; text: string; done: boolean }

export const returnGoalInput = z.strictObject({
  goal: text('målet for tilbagevenden', 1000),
  milestones: z.array(z.strictObject({
    date: isoDate,
    text: text('delmålet', 300),
    done: z.boolean({ error: 'Angiv om delmålet er nået' }),
  }), { error: 'Angiv delmål som en liste' }).max(20, 'Højst 20 delmål'),
});
export type ReturnGoalInput = z.infer<typeof returnGoalInput>;

/** Milestones in date order (stable for the same day); a milestone reached cannot lie in the future. */
export function orderMilestones(ms: readonly Milestone[], today: IsoDate): Milestone[] {
  ms.forEach((m, i) => { if (m.done && m.date > today) throw invalidField(`milestones.${i}.date`, 'Et nået delmål kan ikke ligge i fremtiden'); });
  return ms.map((m, i) => ({ m, i })).sort((a, b) => (a.m.date < b.m.date ? -1 : a.m.date > b.m.date ? 1 : a.i - b.i)).map(({ m }) => ({ date: m.date, text: m.text, done: m.done }));
}

// ---- Activation share ----------------------------------------------------------------------------------------

export const activationQuery = z.strictObject({ date: isoDate });

export interface ActivationCount { targetGroup: number | null; open: number; active: number }
export interface ActivationShare { targetGroup: number | null; label: string; open: number; active: number; share: number | null }

const share = (active: number, open: number) => (open === 0 ? null : Math.round((active / open) * 1000) / 1000);

/**
 * The share of open cases with an intervention running on the day, per target group (1-4, then cases without one),
 * and in all. Every target group is listed, also with no open cases (share null), so tables and charts keep their rows.
 */
export function activationShares(counts: readonly ActivationCount[]): { groups: ActivationShare[]; total: { open: number; active: number; share: number | null } } {
  const by = new Map<number | null, { open: number; active: number }>();
  for (const c of counts) {
    const g = by.get(c.targetGroup) ?? { open: 0, active: 0 };
    g.open += c.open; g.active += c.active;
    by.set(c.targetGroup, g);
  }
  const order: (number | null)[] = [1, 2, 3, 4, null];
  const groups = order.filter((k) => k !== null || by.has(null)).map((k) => {
    const g = by.get(k) ?? { open: 0, active: 0 };
    return { targetGroup: k, label: k == null ? 'Ingen målgruppe' : `${k}. ${TARGET_GROUPS[k as keyof typeof TARGET_GROUPS]}`, open: g.open, active: g.active, share: share(g.active, g.open) };
  });
  const open = groups.reduce((s, g) => s + g.open, 0);
  const active = groups.reduce((s, g) => s + g.active, 0);
  return { groups, total: { open, active, share: share(active, open) } };
}
