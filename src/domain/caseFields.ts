/**
 * The vocabulary of a sickness-benefit case: the allowed values of each field with their Danish labels,
 * and the zod schemas that validate them at every edge (API, CLI, web forms). Messages are Danish
 * because they are shown next to the field.
 */
import * as z from 'zod';
import da from 'zod/v4/locales/da.js';
import { isIsoDate } from './dates.ts';
import { cprProblem, cvrProblem, normalizeCpr } from './identifiers.ts';

// Only the Danish locale: importing z.locales would put every language into the web bundle.
z.config(da());

export const CASE_KINDS = { sickness_benefit: 'Sygedagpenge', job_clarification: 'Jobafklaringsforløb' } as const;
export const EMPLOYMENTS = { employed: 'I beskæftigelse', unemployed: 'Ledig', self_employed: 'Selvstændig' } as const;
export const SICK_LEAVES = { full: 'Fuldt sygemeldt', partial: 'Delvist sygemeldt' } as const;
export const EXIT_REASONS = {
  back_full: 'Raskmeldt, fuldt tilbage i arbejde',
  back_partial: 'Delvist tilbage i arbejde',
  new_job: 'Nyt job',
  other_benefit: 'Anden ydelse',
  job_clarification: 'Overgået til jobafklaringsforløb',
  reduced_rate: 'Overgået til nedsat sats',
  flexible_job: 'Fleksjob',
  disability_pension: 'Førtidspension',
  moved: 'Fraflyttet kommunen',
  died: 'Død',
  registered_by_mistake: 'Oprettet ved en fejl',
} as const;
/** The four target groups of the Copenhagen 2023 budget proposal (seed 003). */
export const TARGET_GROUPS = {
  1: 'Uafklarede, komplekse helbredsproblemer',
  2: 'Lettere stress, angst eller depression',
  3: 'Varige funktionsnedsættelser (hjælpemidler, tilpasning)',
  4: 'Sporadisk kontakt, skiftende ydelser',
} as const;
/**
 * Diagnosis groups (coarse, as in the national sickness-absence statistics). Health information: a special category
 * of personal data (GDPR art. 9), shown only to the caseworkers of the case's own team.
 */
export const DIAGNOSIS_GROUPS = {
  mental: 'Psykiske lidelser (stress, angst, depression)',
  musculoskeletal: 'Bevægeapparatet (ryg, nakke, led, muskler)',
  cancer: 'Kræft',
  cardiovascular: 'Hjerte og kredsløb',
  neurological: 'Nervesystemet',
  injury: 'Ulykker og skader',
  pregnancy: 'Graviditetsrelateret',
  other: 'Andet',
} as const;
export type DiagnosisGroup = keyof typeof DIAGNOSIS_GROUPS;
export const CATEGORIES = { 1: 'Kategori 1 (tilbage inden 8 uger)', 2: 'Kategori 2' } as const;
export const ROLES = {
  caseworker: 'Sagsbehandler',
  team_leader: 'Teamleder',
  manager: 'Leder',
  analyst: 'Analytiker',
  administrator: 'Administrator',
} as const;

export type CaseKind = keyof typeof CASE_KINDS;
export type Employment = keyof typeof EMPLOYMENTS;
export type SickLeave = keyof typeof SICK_LEAVES;
export type ExitReason = keyof typeof EXIT_REASONS;
export type Role = keyof typeof ROLES;

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const oneOf = <T extends Record<string, string>>(o: T, what: string) =>
  z.enum(keys(o), { error: `Vælg ${what}` });

/** The dates retur works with: sickness-benefit cases, rule sets and policies from 2000 to 2099. Year 1000 or 9999 is a typo. */
export const DATE_RANGE = { from: '2000-01-01', to: '2099-12-31' } as const;

export const isoDate = z.string({ error: 'Skriv en dato (ÅÅÅÅ-MM-DD)' }).superRefine((v, ctx) => {
  if (v.trim() === '') ctx.addIssue({ code: 'custom', message: 'Skriv en dato' });
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) ctx.addIssue({ code: 'custom', message: 'Skriv datoen som ÅÅÅÅ-MM-DD' });
  else if (!isIsoDate(v)) ctx.addIssue({ code: 'custom', message: 'Datoen findes ikke i kalenderen' });
  else if (v < DATE_RANGE.from || v > DATE_RANGE.to) ctx.addIssue({ code: 'custom', message: 'Datoen skal ligge mellem år 2000 og 2099' });
});

/** The largest id PostgreSQL's int can hold: a bigger number is an error in the request, not in the database. */
export const MAX_ID = 2_147_483_647;
/** An id in a JSON body: a whole number from 1 to MAX_ID. */
export const dbId = (what = 'Id') => z.number({ error: `${what} skal være et helt tal` }).int(`${what} skal være et helt tal`).min(1, `${what} skal være mindst 1`).max(MAX_ID, `${what} er for stort`);
/**
 * A whole number in a URL (path or query): plain decimal digits only, so '0x1', '1e0', ' 1' or '1.0' are refused
 * instead of being read as 1 by Number().
 */
export const intParam = (what: string, min: number, max: number) =>
  z.string({ error: `${what} mangler` })
    .regex(/^(0|[1-9]\d{0,9})$/, `${what} skal være et helt tal`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${what} skal ligge mellem ${min} og ${max}`);
export const idParam = (what = 'Id') => intParam(what, 1, MAX_ID);

export const cprSchema = z
  .string({ error: 'Skriv et CPR-nummer' })
  .transform(normalizeCpr)
  .superRefine((v, ctx) => {
    const p = cprProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });

export const cvrSchema = z
  .string({ error: 'Skriv et CVR-nummer' })
  .transform((s) => s.replace(/\s/g, ''))
  .superRefine((v, ctx) => {
    const p = cvrProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });

const optionalText = (max: number) => z.string().trim().max(max, `Højst ${max} tegn`).optional().nullable();

export const citizenInput = z.strictObject({
  cpr: cprSchema,
  name: z.string({ error: 'Skriv borgerens navn' }).trim().min(2, 'Skriv borgerens navn').max(200, 'Højst 200 tegn'),
  phone: z
    .string()
    .trim()
    .regex(/^(\+45)?\s?\d{2}\s?\d{2}\s?\d{2}\s?\d{2}$/, 'Telefonnummeret skal være 8 cifre (evt. med +45)')
    .optional()
    .nullable()
    .or(z.literal('')),
  email: z.string().trim().email('E-mailadressen er ikke gyldig').optional().nullable().or(z.literal('')),
  digitalPostExempt: z.boolean().optional(),
});

export const employerInput = z.strictObject({
  cvr: cvrSchema,
  name: optionalText(200),
  industryCode: z.string().trim().regex(/^\d{6}$/, 'Branchekoden skal være 6 cifre').optional().nullable(),
  industryVersion: z.enum(['DB07', 'DB25'], { error: 'Vælg DB07 eller DB25' }).optional().nullable(),
});

/** The facts of a case a caseworker can edit (the same list on create and on edit). */
export const caseFactsShape = {
  kind: oneOf(CASE_KINDS, 'sagstype'),
  firstAbsenceDay: isoDate,
  employment: oneOf(EMPLOYMENTS, 'beskæftigelsesstatus'),
  sickLeave: oneOf(SICK_LEAVES, 'fuld eller delvis sygemelding'),
  partialHours: z
    .number({ error: 'Skriv antal timer som et tal' })
    .min(0.5, 'Mindst 0,5 time')
    .max(37, 'Højst 37 timer om ugen')
    .nullable()
    .optional(),
  expectedFullReturn: isoDate.nullable().optional(),
  category: z.union([z.literal(1), z.literal(2)], { error: 'Kategori skal være 1 eller 2' }).nullable().optional(),
  targetGroup: z.number().int().min(1, 'Målgruppe 1-4').max(4, 'Målgruppe 1-4').nullable().optional(),
  pathway: z.number().int().min(1, 'Borgerforløb 1-6').max(6, 'Borgerforløb 1-6').nullable().optional(),
  diagnosisGroup: oneOf(DIAGNOSIS_GROUPS, 'diagnosegruppe').nullable().optional(),
  fastTrack: z.boolean().optional(),
  standby: z.boolean().optional(),
  pensioner: z.boolean().optional(),
  selfEmployedInsured: z.boolean().optional(),
  predictableCourse: z.boolean().optional(),
  notificationReceived: isoDate.nullable().optional(),
  informationFormSent: isoDate.nullable().optional(),
  medicalCertificateRequested: isoDate.nullable().optional(),
  plannedFirstFollowUp: isoDate.nullable().optional(),
  fastTrackRequestedBy: z.enum(['employer', 'citizen'], { error: 'Vælg arbejdsgiver eller borger' }).nullable().optional(),
  fastTrackRequested: isoDate.nullable().optional(),
  fastTrackLetterSent: isoDate.nullable().optional(),
  fastTrackDeclined: z.boolean().optional(),
  reassessedOn: isoDate.nullable().optional(),
  informationFormReceived: isoDate.nullable().optional(),
};
export const caseFactsSchema = z.strictObject(caseFactsShape);
export type CaseFactsInput = z.infer<typeof caseFactsSchema>;

export const createCaseInput = caseFactsSchema.extend({
  citizen: citizenInput,
  employer: employerInput.nullable().optional(),
  caseworkerId: dbId('Sagsbehandleren').nullable().optional(),
});
export type CreateCaseInput = z.infer<typeof createCaseInput>;

export const versionField = z.number({ error: 'Mangler sagens version' }).int('Versionen skal være et helt tal').min(1, 'Versionen skal være mindst 1').max(MAX_ID, 'Versionen er for stor');
export const reasonField = z
  .string({ error: 'Skriv en begrundelse' })
  .trim()
  .min(3, 'Skriv en begrundelse (mindst 3 tegn)')
  .max(1000, 'Højst 1000 tegn');

export const changeCaseInput = z.strictObject({
  version: versionField,
  changes: caseFactsSchema
    .partial()
    .extend({ employerCvr: cvrSchema.nullable().optional() })
    .strict(),
});
export const assignCaseInput = z.strictObject({
  version: versionField,
  caseworkerId: dbId('Sagsbehandleren'),
  reason: reasonField,
});
export const closeCaseInput = z.strictObject({
  version: versionField,
  exitDate: isoDate,
  exitReason: oneOf(EXIT_REASONS, 'afslutningsårsag'),
});
export const reopenCaseInput = z.strictObject({ version: versionField, reason: reasonField });
export const bulkAssignInput = z.strictObject({
  cases: z.array(z.strictObject({ id: dbId('Sagsnummeret'), version: versionField })).min(1, 'Vælg mindst én sag').max(500),
  caseworkerId: dbId('Sagsbehandleren'),
  reason: reasonField,
});
