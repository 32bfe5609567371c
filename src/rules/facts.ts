/** The facts the planner needs, as a schema: the contract of `retur rules plan` and POST /api/rules/plan. */
import * as z from 'zod';
import { isoDate } from '../domain/caseFields.ts';

export const FOLLOW_UP_FORMS = ['in-person', 'phone', 'video', 'workplace', 'round-table', 'group'] as const;

export const planFactsSchema = z
  .strictObject({
    firstAbsenceDay: isoDate,
    employment: z.enum(['employed', 'unemployed', 'self-employed'], { error: 'employment skal være employed, unemployed eller self-employed' }),
    kind: z.enum(['sickness-benefit', 'job-clarification']).optional(),
    selfEmployedInsured: z.boolean().optional(),
    pensioner: z.boolean().optional(),
    category: z.union([z.literal(1), z.literal(2)]).nullable().optional(),
    standby: z.boolean().optional(),
    /** § 13 f: the caseworker judges the course predictable/uncomplicated. */
    predictableCourse: z.boolean().optional(),
    expectedFullReturn: isoDate.nullable().optional(),
    notificationReceived: isoDate.nullable().optional(),
    informationFormSent: isoDate.nullable().optional(),
    informationFormReceived: isoDate.nullable().optional(),
    medicalCertificateRequested: isoDate.nullable().optional(),
    plannedFirstFollowUp: isoDate.nullable().optional(),
    /** The day the municipality decided on extension at the reassessment (SDL § 27). */
    reassessedOn: isoDate.nullable().optional(),
    fastTrack: z
      .strictObject({
        requestedBy: z.enum(['employer', 'citizen'], { error: 'requestedBy skal være employer eller citizen' }),
        requested: isoDate,
        letterSent: isoDate.nullable().optional(),
        declined: z.boolean().optional(),
      })
      .nullable()
      .optional(),
    followUps: z.array(z.strictObject({ date: isoDate, form: z.enum(FOLLOW_UP_FORMS) })).max(500).optional(),
    absencePeriods: z.array(z.strictObject({ from: isoDate, to: isoDate.nullable().optional() })).min(1).max(100).optional(),
    asOf: isoDate.optional(),
  })
  .superRefine((f, ctx) => {
    const before = (d: string | null | undefined, path: (string | number)[]) => {
      if (d && d < f.firstAbsenceDay) ctx.addIssue({ code: 'custom', path, message: 'Datoen ligger før første fraværsdag' });
    };
    before(f.fastTrack?.requested, ['fastTrack', 'requested']);
    before(f.expectedFullReturn, ['expectedFullReturn']);
    f.followUps?.forEach((u, i) => before(u.date, ['followUps', i, 'date']));
    f.absencePeriods?.forEach((p, i) => {
      before(p.from, ['absencePeriods', i, 'from']);
      if (p.to && p.to < p.from) ctx.addIssue({ code: 'custom', path: ['absencePeriods', i, 'to'], message: 'Perioden slutter før den begynder' });
    });
  });
export type PlanFacts = z.infer<typeof planFactsSchema>;

/** The plan as it leaves the API and the CLI: the documented contract for integrators. */
export const planSchema = z.object({
  ruleSet: z.enum(['RS-2023', 'RS-2025', 'RS-2026', 'RS-2027']),
  deadlines: z.array(z.object({
    kind: z.string(),
    legalDate: z.string().describe('What the law says (YYYY-MM-DD)'),
    due: z.string().describe('For duties of the municipality: the last municipal working day on or before legalDate'),
    duty: z.enum(['municipality', 'citizen', 'employer', 'gp', 'none']),
    status: z.enum(['open', 'met', 'passed']),
    metOn: z.string().optional(),
    ruleId: z.string(),
    ruleSet: z.string(),
    source: z.string(),
    confidence: z.enum(['H', 'M', 'L']),
    unverified: z.boolean(),
    explanation: z.object({ da: z.string(), en: z.string() }),
    details: z.record(z.string(), z.unknown()).optional(),
  })),
  issues: z.array(z.object({ code: z.string(), severity: z.enum(['error', 'warning', 'info']), message: z.string(), messageEn: z.string() })),
});
