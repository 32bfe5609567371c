/**
 * The law as data: rule sets with effective dates and the rules in each, with parameters, legal source and
 * how sure we are (H/M/L, from shared/domain/legal-rules.md). The planner reads parameters from here, never
 * from constants of its own, so a reform is a change of this file (or of a municipality's interpretation).
 */
import type { IsoDate } from '../domain/dates.ts';
import type { InterpretationId, MunicipalPolicy } from './policy.ts';

export type RuleSetId = 'RS-2023' | 'RS-2025' | 'RS-2026' | 'RS-2027';
export type Confidence = 'H' | 'M' | 'L';

export interface RuleSet {
  id: RuleSetId;
  /** First day in force; RS-2026's date is itself unverified and comes from the municipality's interpretation. */
  validFrom: IsoDate | { interpretation: 'rs2026-start' };
  validTo: IsoDate | { interpretation: 'rs2026-start'; dayBefore: true } | null;
  legalBasis: string;
  summary: string;
  confidence: Confidence;
}

export const RULE_SETS: RuleSet[] = [
  { id: 'RS-2023', validFrom: '2014-07-01', validTo: '2024-12-31', confidence: 'H',
    legalBasis: 'LBK 1179/2023 og LBK 994/2024; BEK 473/2021 om opfølgning',
    summary: 'Tre visitationskategorier, revisitation ved hver samtale, lægeattest "straks" ved fravær ud over 8 uger.' },
  { id: 'RS-2025', validFrom: '2025-01-01', validTo: { interpretation: 'rs2026-start', dayBefore: true }, confidence: 'H',
    legalBasis: 'Lov 1657/2024 (L 74); LBK 97/2025; BEK 1710/2024 om opfølgning',
    summary: 'Kategori 1 og 2; ny § 13 f (beskæftigede, forventet rask inden 13 uger efter første samtale); lægeattest kun hvis nødvendig.' },
  { id: 'RS-2026', validFrom: { interpretation: 'rs2026-start' }, validTo: '2026-12-31', confidence: 'L',
    legalBasis: 'Lov 1750/2025 (L 66) § 3 – ikraft 1. februar og 1. juli 2026 (fordeling ikke verificeret)',
    summary: 'Beskæftigede, der forventes raskmeldt inden 26 uger, er som udgangspunkt undtaget fra opfølgning; rehabiliteringsteam erstattes af sundhedskoordinator.' },
  { id: 'RS-2027', validFrom: '2027-01-01', validTo: null, confidence: 'L',
    legalBasis: 'Forventet ændringslov om sygedagpenge og sanktioner (fase 2 af beskæftigelsesreformen)',
    summary: 'Jobafklaringsforløb afskaffes; borgere uden forlængelse efter revurdering overgår til nedsat sygedagpengesats.' },
];

export interface RuleVersion {
  id: string;
  title: string;
  /** The rule sets this version belongs to. */
  ruleSets: RuleSetId[];
  source: string;
  confidence: Confidence;
  formula: string;
  params: Record<string, number>;
  /** For [L] rules: the municipal interpretation that settles them. */
  interpretation?: InterpretationId;
}

const ALL: RuleSetId[] = ['RS-2023', 'RS-2025', 'RS-2026', 'RS-2027'];
const FROM_2025: RuleSetId[] = ['RS-2025', 'RS-2026', 'RS-2027'];

export const RULES: RuleVersion[] = [
  { id: 'P-1', title: 'Arbejdsgiverperioden: kommunen betaler fra dag 31', ruleSets: ALL, source: 'SDL § 6', confidence: 'H', formula: 'D + 30', params: { employerPeriodDays: 30 } },
  { id: 'P-2', title: 'Selvstændige uden forsikring: sygedagpenge efter 2 ugers sygdom', ruleSets: ALL, source: 'SDL § 41', confidence: 'H', formula: 'D + 14', params: { waitingDays: 14 } },
  { id: 'E-6', title: 'Ledige a-kassemedlemmer: a-kassen betaler de første 14 dage', ruleSets: ALL, source: 'STAR: arbejdsløshedsdagpenge under de første 14 dages sygdom', confidence: 'H', formula: 'D + 14', params: { waitingDays: 14 } },
  { id: 'E-1', title: 'Arbejdsgiverens sygefraværssamtale senest 4 uger efter første sygedag', ruleSets: ALL, source: 'SDL § 7 a', confidence: 'H', formula: 'D + 28', params: { days: 28 } },
  { id: 'E-4', title: 'Arbejdsgiverens anmeldelse i NemRefusion senest 5 uger efter første fraværsdag', ruleSets: ALL, source: 'SDL § 40', confidence: 'H', formula: 'D + 35', params: { days: 35 } },
  { id: 'T-1', title: 'Arbejdsgiveren kan anmode om tidlig opfølgning inden for de første 5 uger', ruleSets: ALL, source: 'SDL § 7 c; BEK 1710/2024 § 3', confidence: 'H', formula: 'D + 34', params: { lastDay: 34 } },
  { id: 'T-2', title: 'Medarbejderen accepterer fast track senest 2 bankdage efter brevet', ruleSets: ALL, source: 'BEK 1710/2024 § 4, stk. 1', confidence: 'H', formula: 'nthBankDayAfter(letterSent, 2)', params: { bankDays: 2 } },
  { id: 'T-5', title: 'Borgerens egen anmodning om tidlig opfølgning', ruleSets: ALL, source: 'SDL § 7 e', confidence: 'L', formula: 'ingen frist, eller D + 34', params: { lastDay: 34 }, interpretation: 'citizen-fast-track-limit' },
  { id: 'T-10', title: 'Første opfølgningssamtale senest 2 uger efter anmodning om tidlig opfølgning', ruleSets: ALL, source: 'SDL § 13 b, stk. 2', confidence: 'H', formula: 'R + 14', params: { days: 14 } },
  { id: 'T-12', title: 'Lægekonsultation senest 8 dage efter borgerens anmodning om tidlig opfølgning', ruleSets: ['RS-2023'], source: 'BEK 473/2021 § 9', confidence: 'M', formula: 'R + 8', params: { days: 8 } },
  { id: 'T-12', title: 'Lægekonsultation senest 8 dage efter borgerens anmodning om tidlig opfølgning', ruleSets: FROM_2025, source: 'BEK 1710/2024 (tidl. BEK 473/2021 § 9; nummer ikke verificeret)', confidence: 'M', formula: 'R + 8', params: { days: 8 } },
  { id: 'O-2', title: 'Borgeren svarer på oplysningsskemaet senest 8 dage efter afsendelsen', ruleSets: ALL, source: 'SDL § 11, stk. 3', confidence: 'H', formula: 'sendt + 8', params: { days: 8 } },
  { id: 'L-2', title: 'Lægeattest til første samtale: frist 14 dage, mindst 8 dage', ruleSets: ['RS-2023'], source: 'BEK 473/2021 kap. 5', confidence: 'H', formula: 'min(sendt + 14, første samtale); ugyldig hvis sendt + 8 > første samtale', params: { preferredDays: 14, minimumDays: 8 } },
  { id: 'L-2', title: 'Lægeattest til første samtale (hvis nødvendig): frist 14 dage, mindst 8 dage', ruleSets: FROM_2025, source: 'BEK 1710/2024 § 11, stk. 3', confidence: 'H', formula: 'min(sendt + 14, første samtale); ugyldig hvis sendt + 8 > første samtale', params: { preferredDays: 14, minimumDays: 8 } },
  { id: 'F-1', title: 'Første opfølgningssamtale inden udgangen af 8. uge fra første fraværsdag', ruleSets: ALL, source: 'SDL § 13 b, stk. 1', confidence: 'H', formula: 'D + 7·8 − 1 = D + 55', params: { weeks: 8 } },
  { id: 'F-2', title: 'Mindst fire opfølgningssamtaler i det første halve år', ruleSets: ALL, source: 'SDL § 13 b, stk. 1', confidence: 'H', formula: 'antal samtaler i [D, D + 6 mdr. − 1 dag] ≥ 4', params: { count: 4, months: 6 }, interpretation: 'half-year' },
  { id: 'F-30', title: '§ 13 f: beskæftigede, forudsigeligt forløb, rask inden udgangen af 13. uge efter første samtale: ingen yderligere samtaler', ruleSets: FROM_2025, source: 'SDL § 13 f (lov 1657/2024)', confidence: 'M', formula: 'forventet rask ≤ F + 90', params: { weeks: 13 } },
  { id: 'F-40', title: 'Beskæftigede, der forventes raskmeldt inden 26 uger, er som udgangspunkt undtaget fra opfølgning', ruleSets: ['RS-2026', 'RS-2027'], source: 'Lov 1750/2025 § 3 (L 66; vedtaget tekst ikke læst)', confidence: 'L', formula: 'forventet rask ≤ D + 181', params: { weeks: 26 }, interpretation: 'exemption-26-weeks' },
  { id: 'F-50', title: 'Standby: opfølgning uden kontakt ved alvorlig sygdom', ruleSets: ALL, source: 'SDL § 13 b, stk. 5', confidence: 'H', formula: 'ingen samtaler', params: {} },
  { id: 'P-10', title: 'Revurdering: udbetalingen ophører efter udgangen af den kalendermåned, hvor der er udbetalt i mere end 22 uger inden for 9 måneder', ruleSets: ALL, source: 'SDL § 24, stk. 1', confidence: 'H', formula: 'første månedsslut M, hvor talte dage i M−8…M > 154', params: { weeks: 22, windowMonths: 9 }, interpretation: 'reassessment-count' },
  { id: 'P-15', title: 'Pensionister: mere end 26 uger inden for 12 måneder', ruleSets: ALL, source: 'SDL § 25', confidence: 'H', formula: 'første månedsslut M, hvor talte dage i M−11…M > 182', params: { weeks: 26, windowMonths: 12 } },
  { id: 'J-1', title: 'Uden forlængelse: jobafklaringsforløb fra dagen efter revurderingsmåneden', ruleSets: ['RS-2023', 'RS-2025', 'RS-2026'], source: 'SDL § 24, stk. 2', confidence: 'H', formula: 'M + 1', params: {} },
  { id: 'J-10', title: 'Uden forlængelse: nedsat sygedagpengesats (jobafklaring afskaffet)', ruleSets: ['RS-2027'], source: 'Forventet ændringslov 2027 (ikke verificeret)', confidence: 'L', formula: 'M + 1', params: {}, interpretation: 'transition-2027' },
];

function resolve(bound: RuleSet['validFrom'] | RuleSet['validTo'], policy: MunicipalPolicy): IsoDate | null {
  if (bound === null) return null;
  if (typeof bound === 'string') return bound;
  const start = policy.interpretations['rs2026-start'] as IsoDate;
  if ('dayBefore' in bound) return new Date(Date.parse(start + 'T00:00:00Z') - 86_400_000).toISOString().slice(0, 10);
  return start;
}

type Period = { id: RuleSetId; validFrom: IsoDate; validTo: IsoDate | null };
const periodCache = new WeakMap<MunicipalPolicy, Period[]>();
/** Effective dates of each rule set under a policy (cached per policy object: the planner asks often). */
export function ruleSetPeriods(policy: MunicipalPolicy): Period[] {
  let p = periodCache.get(policy);
  if (!p) {
    p = RULE_SETS.map((rs) => ({ id: rs.id, validFrom: resolve(rs.validFrom, policy)!, validTo: resolve(rs.validTo, policy) }));
    periodCache.set(policy, p);
  }
  return p;
}

/**
 * The rule set in force on a day. A rule set the policy disables (only the preview does that) is treated as
 * never having come: the one before it stays in force.
 */
export function ruleSetOn(day: IsoDate, policy: MunicipalPolicy): RuleSetId {
  const disabled = new Set(policy.disabledRuleSets ?? []);
  let found: RuleSetId = 'RS-2023';
  for (const p of ruleSetPeriods(policy)) {
    if (disabled.has(p.id as 'RS-2026')) continue;
    if (p.validFrom <= day) found = p.id;
  }
  return found;
}

/** The version of a rule in force in a rule set, or null if the rule does not exist there. */
export function ruleIn(id: string, ruleSet: RuleSetId): RuleVersion | null {
  return RULES.find((r) => r.id === id && r.ruleSets.includes(ruleSet)) ?? null;
}
