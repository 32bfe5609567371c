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

export const isoDate = z.string({ error: 'Skriv en dato (ÅÅÅÅ-MM-DD)' }).superRefine((v, ctx) => {
  if (v.trim() === '') ctx.addIssue({ code: 'custom', message: 'Skriv en dato' });
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) ctx.addIssue({ code: 'custom', message: 'Skriv datoen som ÅÅÅÅ-MM-DD' });
  else if (!isIsoDate(v)) ctx.addIssue({ code: 'custom', message: 'Datoen findes ikke i kalenderen' });
});

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

export const citizenInput = z.object({
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

export const employerInput = z.object({
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
export const caseFactsSchema = z.object(caseFactsShape);
export type CaseFactsInput = z.infer<typeof caseFactsSchema>;

export const createCaseInput = caseFactsSchema.extend({
  citizen: citizenInput,
  employer: employerInput.nullable().optional(),
  caseworkerId: z.number().int().positive().nullable().optional(),
});
export type CreateCaseInput = z.infer<typeof createCaseInput>;

export const versionField = z.number({ error: 'Mangler sagens version' }).int().min(1);
export const reasonField = z
  .string({ error: 'Skriv en begrundelse' })
  .trim()
  .min(3, 'Skriv en begrundelse (mindst 3 tegn)')
  .max(1000, 'Højst 1000 tegn');

export const changeCaseInput = z.object({
  version: versionField,
  changes: caseFactsSchema
    .partial()
    .extend({ employerCvr: cvrSchema.nullable().optional() })
    .strict(),
});
export const assignCaseInput = z.object({
  version: versionField,
  caseworkerId: z.number({ error: 'Vælg en sagsbehandler' }).int().positive(),
  reason: reasonField,
});
export const closeCaseInput = z.object({
  version: versionField,
  exitDate: isoDate,
  exitReason: oneOf(EXIT_REASONS, 'afslutningsårsag'),
});
export const reopenCaseInput = z.object({ version: versionField, reason: reasonField });
export const bulkAssignInput = z.object({
  cases: z.array(z.object({ id: z.number().int().positive(), version: versionField })).min(1, 'Vælg mindst én sag').max(500),
  caseworkerId: z.number({ error: 'Vælg en sagsbehandler' }).int().positive(),
  reason: reasonField,
});
