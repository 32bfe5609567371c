/**
 * The deadline planner: `plan(facts, asOf, policy)` returns every legal deadline of a sickness-benefit case,
 * each from the rule set in force on the day it falls due, with its source, an explanation in Danish and
 * English, and the date the duty-holder must meet it by. Pure: no clock, no I/O.
 */
import { addDays, addMonths, addMonthsRolling, daysBetween, formatDanish, lastDayOfMonth, minDate, weekday, type IsoDate } from '../domain/dates.ts';
import { municipalCalendar, nthBankDayAfter, type Calendar } from './calendar.ts';
import { DEFAULT_POLICY, type MunicipalPolicy } from './policy.ts';
import { ruleIn, ruleSetOn, type Confidence, type RuleSetId, type RuleVersion } from './ruleSets.ts';
import type { PlanFacts } from './facts.ts';
import { DEADLINE_KINDS, DEADLINE_LABELS, type DeadlineKind } from './deadlineKinds.ts';

export { DEADLINE_KINDS, DEADLINE_LABELS, type DeadlineKind };

/** Who must act: the municipality's duties move to a working day; others keep the legal date. */
export type Duty = 'municipality' | 'citizen' | 'employer' | 'gp' | 'none';
export type DeadlineStatus = 'open' | 'met' | 'passed';

export interface Deadline {
  kind: DeadlineKind;
  legalDate: IsoDate;
  due: IsoDate;
  duty: Duty;
  status: DeadlineStatus;
  metOn?: IsoDate;
  ruleId: string;
  ruleSet: RuleSetId;
  source: string;
  confidence: Confidence;
  /** True when the rule is [L]: shown as "unverified" and settled by the municipality's interpretation. */
  unverified: boolean;
  explanation: { da: string; en: string };
  details?: Record<string, unknown>;
}

export interface PlanIssue {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  messageEn: string;
}

export interface Plan {
  ruleSet: RuleSetId;
  deadlines: Deadline[];
  issues: PlanIssue[];
}

const fmt = (d: IsoDate) => formatDanish(d);

interface Ctx { facts: PlanFacts; asOf: IsoDate; policy: MunicipalPolicy; cal: Calendar; deadlines: Deadline[]; issues: PlanIssue[] }

function rule(id: string, day: IsoDate, policy: MunicipalPolicy): RuleVersion & { set: RuleSetId } {
  const set = ruleSetOn(day, policy);
  const r = ruleIn(id, set) ?? ruleIn(id, 'RS-2023') ?? ruleIn(id, 'RS-2025')!;
  return { ...r, set };
}

function add(c: Ctx, d: { kind: DeadlineKind; ruleId: string; legalDate: IsoDate; duty: Duty; da: string; en: string; status?: DeadlineStatus; metOn?: IsoDate; details?: Record<string, unknown>; ruleDay?: IsoDate }) {
  const r = rule(d.ruleId, d.ruleDay ?? d.legalDate, c.policy);
  let due = d.legalDate;
  let da = d.da;
  let en = d.en;
  const closed = c.cal.closedReason(d.legalDate);
  if (closed && d.duty === 'municipality') {
    // C-8 (a): a duty of the municipality must be met on the last working day on or before the legal date.
    due = c.cal.lastWorkingDayOnOrBefore(d.legalDate);
    da += ` Datoen er en ${closed}, så kommunen skal nå det senest ${fmt(due)}.`;
    en += ` That day is closed (${closed}), so the municipality must act by ${due}.`;
  } else if (closed && d.duty === 'citizen' && c.policy.interpretations['citizen-deadline-on-closed-day'] === 'next-working-day') {
    // C-8 (b), an unverified practice the municipality has chosen: the citizen gets the next working day.
    due = c.cal.nextWorkingDayOnOrAfter(d.legalDate);
    da += ` Datoen er en ${closed}; efter kommunens praksis er fristen ${fmt(due)}.`;
    en += ` That day is closed (${closed}); by municipal practice the deadline is ${due}.`;
  }
  // A date that is nobody's duty (benefit start) has passed once it is behind us; duties stay open until met.
  const status = d.status ?? (d.duty === 'none' && c.asOf > d.legalDate ? 'passed' : 'open');
  c.deadlines.push({
    kind: d.kind, legalDate: d.legalDate, due, duty: d.duty, status, ...(d.metOn ? { metOn: d.metOn } : {}),
    ruleId: r.id, ruleSet: r.set, source: r.source, confidence: r.confidence, unverified: r.confidence === 'L',
    explanation: { da, en }, ...(d.details ? { details: d.details } : {}),
  });
}

function issue(c: Ctx, code: string, severity: PlanIssue['severity'], message: string, messageEn: string) {
  c.issues.push({ code, severity, message, messageEn });
}

/** First day sickness benefit is paid by the municipality (P-1, P-2, E-6). */
function benefitStart(f: PlanFacts, policy: MunicipalPolicy): { date: IsoDate; ruleId: string } {
  const D = f.firstAbsenceDay;
  if (f.employment === 'employed') return { date: addDays(D, rule('P-1', D, policy).params.employerPeriodDays), ruleId: 'P-1' };
  if (f.employment === 'self-employed') return f.selfEmployedInsured ? { date: D, ruleId: 'P-2' } : { date: addDays(D, rule('P-2', D, policy).params.waitingDays), ruleId: 'P-2' };
  return { date: addDays(D, rule('E-6', D, policy).params.waitingDays), ruleId: 'E-6' };
}

/** The 26-week exemption of lov 1750/2025 (F-40), as the municipality reads it; null when it does not apply. */
function exemption26(c: Ctx, onDay: IsoDate): 'first-follow-up-only' | 'no-follow-up' | null {
  const f = c.facts;
  const choice = c.policy.interpretations['exemption-26-weeks'];
  if (choice === 'not-applied' || f.employment !== 'employed' || !f.expectedFullReturn) return null;
  const r = ruleIn('F-40', ruleSetOn(onDay, c.policy));
  if (!r) return null;
  return f.expectedFullReturn <= addDays(f.firstAbsenceDay, r.params.weeks * 7 - 1) ? (choice as 'first-follow-up-only' | 'no-follow-up') : null;
}

export function plan(facts: PlanFacts, asOfArg: IsoDate, policy: MunicipalPolicy = DEFAULT_POLICY): Plan {
  const asOf = facts.asOf ?? asOfArg;
  const c: Ctx = { facts, asOf, policy, cal: municipalCalendar(policy.closedDays), deadlines: [], issues: [] };
  const f = facts;
  const D = f.firstAbsenceDay;
  const result = () => ({ ruleSet: ruleSetOn(asOf, policy), deadlines: c.deadlines, issues: c.issues });

  if (f.kind === 'job-clarification') {
    issue(c, 'job-clarification-not-planned', 'info', 'Jobafklaringsforløb følger kontaktforløbet i LAB; retur planlægger kun sygedagpengefrister.', 'Job clarification follows the LAB contact course; retur plans sickness-benefit deadlines only.');
    return result();
  }

  // Who pays from when (P-1, P-2, E-6).
  const start = benefitStart(f, policy);
  add(c, { kind: 'benefit-start', ruleId: start.ruleId, legalDate: start.date, duty: 'none',
    da: start.ruleId === 'P-1' ? `Arbejdsgiveren betaler de første 30 dage; kommunen betaler fra ${fmt(start.date)}.` : start.ruleId === 'E-6' ? `A-kassen betaler de første 14 dage; kommunen betaler fra ${fmt(start.date)}.` : f.selfEmployedInsured ? `Selvstændig med forsikring: sygedagpenge fra første fraværsdag ${fmt(start.date)}.` : `Selvstændig uden forsikring: sygedagpenge efter 2 ugers sygdom, fra ${fmt(start.date)}.`,
    en: `The municipality pays sickness benefit from ${start.date}.` });

  // The employer's duties (E-1, E-4) and the fast-track window (T-1).
  if (f.employment === 'employed') {
    const talk = addDays(D, rule('E-1', D, policy).params.days);
    add(c, { kind: 'employer-conversation', ruleId: 'E-1', legalDate: talk, duty: 'employer', da: `Arbejdsgiveren skal holde en sygefraværssamtale senest 4 uger efter første sygedag, dvs. ${fmt(talk)}.`, en: `The employer must hold an absence conversation within 4 weeks of the first day of absence: ${talk}.` });
    const notify = addDays(D, rule('E-4', D, policy).params.days);
    add(c, { kind: 'employer-notification', ruleId: 'E-4', legalDate: notify, duty: 'employer', da: `Arbejdsgiveren skal anmelde fraværet i NemRefusion senest 5 uger efter første fraværsdag, dvs. ${fmt(notify)}.`, en: `The employer must notify the absence via NemRefusion within 5 weeks: ${notify}.` });
    const window = addDays(D, rule('T-1', D, policy).params.lastDay);
    const byEmployer = f.fastTrack?.requestedBy === 'employer' ? f.fastTrack : null;
    add(c, { kind: 'fast-track-request-window', ruleId: 'T-1', legalDate: window, duty: 'employer',
      status: byEmployer && byEmployer.requested <= window ? 'met' : c.asOf > window ? 'passed' : 'open', metOn: byEmployer && byEmployer.requested <= window ? byEmployer.requested : undefined,
      da: `Arbejdsgiveren kan anmode om tidlig opfølgning (fast track) inden for de første 5 uger af fraværet, dvs. senest ${fmt(window)}.`, en: `The employer may request early follow-up within the first 5 weeks of absence: by ${window}.` });
    if (byEmployer && byEmployer.requested > window)
      issue(c, 'fast-track-request-too-late', 'warning', `Arbejdsgiverens anmodning om fast track (${fmt(byEmployer.requested)}) kom efter de første 5 uger (sidste dag ${fmt(window)}). Kommunen behøver ikke følge den.`, `The employer's fast-track request (${byEmployer.requested}) came after the first 5 weeks (last day ${window}).`);
  }

  // The citizen's own request (T-5), whose time limit is unverified.
  const ft = f.fastTrack && !f.fastTrack.declined ? f.fastTrack : null;
  let fastTrackValid = !!ft;
  if (ft?.requestedBy === 'employer' && ft.requested > addDays(D, 34)) fastTrackValid = false;
  if (ft?.requestedBy === 'citizen' && policy.interpretations['citizen-fast-track-limit'] === 'five-weeks' && ft.requested > addDays(D, 34)) {
    fastTrackValid = false;
    issue(c, 'fast-track-request-too-late', 'warning', `Borgerens anmodning om tidlig opfølgning (${fmt(ft.requested)}) kom efter de første 5 uger; kommunen har valgt at læse § 7 e med samme frist som arbejdsgiverens (ikke verificeret).`, `The citizen's early follow-up request came after the first 5 weeks (municipal reading of § 7 e, unverified).`);
  }
  if (ft?.requestedBy === 'employer' && ft.letterSent) {
    const accept = nthBankDayAfter(ft.letterSent, rule('T-2', ft.letterSent, policy).params.bankDays);
    add(c, { kind: 'fast-track-acceptance', ruleId: 'T-2', legalDate: accept, duty: 'citizen', da: `Medarbejderen skal returnere blanketten for at acceptere fast track senest 2 bankdage efter brevet af ${fmt(ft.letterSent)}, dvs. ${fmt(accept)}. Kommer den senere, kan kommunen stadig fortsætte.`, en: `The employee must return the form accepting fast track within 2 bank days of the letter of ${ft.letterSent}: ${accept}.` });
  }
  if (ft?.requestedBy === 'citizen') {
    const gp = addDays(ft.requested, rule('T-12', ft.requested, policy).params.days);
    add(c, { kind: 'gp-consultation', ruleId: 'T-12', legalDate: gp, duty: 'citizen', da: `Lægekonsultationen skal finde sted senest 8 dage efter borgerens anmodning om tidlig opfølgning (${fmt(ft.requested)}), dvs. ${fmt(gp)}.`, en: `The GP consultation must take place within 8 days of the citizen's early follow-up request: ${gp}.` });
  }

  // The information form (O-2).
  if (f.informationFormSent) {
    const due = addDays(f.informationFormSent, rule('O-2', f.informationFormSent, policy).params.days);
    add(c, { kind: 'information-form', ruleId: 'O-2', legalDate: due, duty: 'citizen',
      ...(f.informationFormReceived ? { status: 'met' as const, metOn: f.informationFormReceived } : {}), da: `Borgeren skal svare på oplysningsskemaet senest 8 dage efter det blev sendt (${fmt(f.informationFormSent)}), dvs. ${fmt(due)}, medmindre andet er aftalt.`, en: `The citizen must return the information form within 8 days of it being sent: ${due}.` });
  } else if (f.notificationReceived && !f.standby) {
    issue(c, 'information-form-not-sent', 'warning', `Fraværet blev anmeldt ${fmt(f.notificationReceived)}, men oplysningsskemaet er ikke registreret som sendt (SDL § 11, stk. 3).`, 'The absence was notified but no information form is recorded as sent.');
  }

  const followUps = [...(f.followUps ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  const standby = !!f.standby;
  if (standby) issue(c, 'standby-no-conversations', 'info', 'Standby (SDL § 13 b, stk. 5): opfølgningen sker uden kontakt med borgeren, så der planlægges ingen samtaler. Revurderingen gælder stadig.', 'Standby: follow-up without contact, no conversations are planned; the reassessment still applies.');

  // First follow-up (F-1), or two weeks after a fast-track request (T-10).
  const ordinary = addDays(D, rule('F-1', D, policy).params.weeks * 7 - 1);
  const exemptAtFirst = exemption26(c, ordinary);
  let firstDue: IsoDate | null = null;
  if (!standby && exemptAtFirst !== 'no-follow-up') {
    let legal = ordinary;
    let ruleId = 'F-1';
    let da = `Første opfølgningssamtale skal holdes inden udgangen af 8. uge regnet fra første fraværsdag ${fmt(D)}, dvs. senest ${fmt(ordinary)}. Den første samtale holdes som udgangspunkt personligt.`;
    let en = `The first follow-up meeting must be held before the end of week 8 counted from the first absence day ${D}: by ${ordinary}. It is normally held in person.`;
    if (ft && fastTrackValid) {
      const ftDue = addDays(ft.requested, rule('T-10', ft.requested, policy).params.days);
      if (ftDue < ordinary) {
        legal = ftDue; ruleId = 'T-10';
        da = `Der er anmodet om tidlig opfølgning (fast track) ${fmt(ft.requested)}, så første opfølgningssamtale skal holdes senest 2 uger efter anmodningen, dvs. ${fmt(ftDue)}.`;
        en = `Early follow-up was requested on ${ft.requested}, so the first follow-up meeting must be held within 2 weeks: by ${ftDue}.`;
      }
    }
    if (f.category === 1) { da += ' Sagen er i kategori 1: samtalen og visitation til kategori 2 er kun nødvendig, hvis fraværet varer ud over 8 uger.'; en += ' Category 1: needed only if the absence lasts beyond 8 weeks.'; }
    const first = followUps.find((u) => u.date >= D);
    add(c, { kind: 'first-follow-up', ruleId, legalDate: legal, duty: 'municipality', status: first ? 'met' : 'open', metOn: first?.date, da, en });
    firstDue = c.deadlines[c.deadlines.length - 1].due;
    if (first && first.form !== 'in-person')
      issue(c, 'first-follow-up-not-in-person', 'warning', `Første samtale (${fmt(first.date)}) blev holdt som ${first.form}. Den skal være personlig, medmindre en undtagelse i § 13 b, stk. 4 gælder; notér begrundelsen.`, 'The first follow-up was not held in person; record which exception in § 13 b (4) applies.');
    if (!first && f.plannedFirstFollowUp && f.plannedFirstFollowUp > firstDue)
      issue(c, 'planned-first-follow-up-too-late', 'error', `Den planlagte første samtale ${fmt(f.plannedFirstFollowUp)} ligger efter fristen ${fmt(firstDue)}.`, `The planned first follow-up (${f.plannedFirstFollowUp}) is after its deadline (${firstDue}).`);
  } else if (exemptAtFirst === 'no-follow-up') {
    issue(c, 'exempt-26-weeks', 'info', 'Borgeren er i beskæftigelse og forventes raskmeldt inden 26 uger: efter kommunens fortolkning af lov 1750/2025 planlægges ingen samtaler (ikke verificeret).', 'Employed and expected back within 26 weeks: under the municipality’s reading of Act 1750/2025 no meetings are planned (unverified).');
  }

  // Medical certificate for the first conversation (L-2).
  if (f.medicalCertificateRequested) {
    const sent = f.medicalCertificateRequested;
    const r = rule('L-2', sent, policy);
    const conversation = f.plannedFirstFollowUp ?? firstDue ?? addDays(sent, r.params.preferredDays);
    const legal = minDate(addDays(sent, r.params.preferredDays), conversation);
    add(c, { kind: 'medical-certificate', ruleId: 'L-2', legalDate: legal, duty: 'gp', da: `Lægen skal som udgangspunkt have 14 dage fra anmodningen ${fmt(sent)}, og attesten skal foreligge senest ved første samtale: frist ${fmt(legal)}.`, en: `The GP should have 14 days from the request (${sent}), and the certificate must be ready by the first conversation: ${legal}.` });
    if (addDays(sent, r.params.minimumDays) > conversation)
      issue(c, 'medical-certificate-infeasible', 'error', `Lægen skal have mindst 8 dage (til ${fmt(addDays(sent, r.params.minimumDays))}), men første samtale er ${fmt(conversation)}. Flyt samtalen (inden for dens frist), eller hold den uden attest.`, `The GP needs at least 8 days (until ${addDays(sent, r.params.minimumDays)}) but the first conversation is ${conversation}: move it within its deadline or hold it without the certificate.`);
  }

  // At least four follow-ups in the first half year (F-2), unless category 1, standby, § 13 f or the 26-week exemption.
  const halfYearEnd = policy.interpretations['half-year'] === '26-weeks' ? addDays(D, 181) : addDays(addMonthsRolling(D, 6), -1);
  const f2 = rule('F-2', halfYearEnd, policy);
  const firstHeld = followUps[0]?.date;
  const f13 = rule('F-30', halfYearEnd, policy);
  const section13f = f13.ruleSets.includes(f13.set) && f.employment === 'employed' && f.predictableCourse && firstHeld && f.expectedFullReturn && f.expectedFullReturn <= addDays(firstHeld, f13.params.weeks * 7 - 1);
  const exemptMinimum = exemption26(c, halfYearEnd);
  if (section13f)
    issue(c, 'section-13f-applies', 'info', `§ 13 f: beskæftiget, forudsigeligt forløb og forventet rask senest ${fmt(addDays(firstHeld!, 90))} (13 uger efter første samtale). Kommunen følger kun op på raskmeldingen.`, '§ 13 f applies: only check that the person is declared fit.');
  else if (exemptMinimum && exemptAtFirst !== 'no-follow-up')
    issue(c, 'exempt-26-weeks', 'info', 'Borgeren er i beskæftigelse og forventes raskmeldt inden 26 uger: efter kommunens fortolkning af lov 1750/2025 kræves kun første samtale, ikke fire på et halvt år (ikke verificeret).', 'Employed and expected back within 26 weeks: only the first meeting is required under the municipality’s reading (unverified).');
  if (!standby && f.category !== 1 && !section13f && !exemptMinimum) {
    const required = f2.params.count;
    const inWindow = followUps.filter((u) => u.date >= D && u.date <= halfYearEnd);
    const missing = Math.max(0, required - inWindow.length);
    add(c, { kind: 'follow-up-minimum', ruleId: 'F-2', legalDate: halfYearEnd, duty: 'municipality', status: missing === 0 ? 'met' : 'open', metOn: missing === 0 ? inWindow[required - 1].date : undefined,
      details: { required, held: inWindow.length, missing },
      da: `Mindst ${required} opfølgningssamtaler i det første halve år fra ${fmt(D)} til ${fmt(halfYearEnd)}. Holdt: ${inWindow.length}; mangler: ${missing}.`,
      en: `At least ${required} follow-up meetings in the first half year (${D} to ${halfYearEnd}). Held: ${inWindow.length}; missing: ${missing}.` });
  }

  // Reassessment (P-10 / P-15).
  const r = reassessment(f, start.date, policy);
  if (r) {
    const next = addDays(r.monthEnd, 1);
    const nextSet = ruleSetOn(next, policy);
    let consequence: 'job-clarification' | 'reduced-rate' | 'payment-stops' = f.pensioner ? 'payment-stops' : ruleIn('J-10', nextSet) ? 'reduced-rate' : 'job-clarification';
    if (consequence === 'reduced-rate' && r.monthEnd === '2026-12-31' && policy.interpretations['transition-2027'] === 'job-clarification-if-decided-in-2026') consequence = 'job-clarification';
    const what = { 'job-clarification': 'overgår borgeren til jobafklaringsforløb (SDL § 24, stk. 2)', 'reduced-rate': 'overgår borgeren til nedsat sygedagpengesats (reglerne fra 1. januar 2027, ikke verificeret)', 'payment-stops': 'ophører udbetalingen (pensionister har ikke ret til jobafklaringsforløb)' }[consequence];
    const limit = f.pensioner ? '26 uger inden for 12 måneder (SDL § 25)' : '22 uger inden for 9 måneder (SDL § 24)';
    add(c, { kind: 'reassessment', ruleId: f.pensioner ? 'P-15' : 'P-10', legalDate: r.monthEnd, duty: 'municipality', ruleDay: r.monthEnd,
      ...(f.reassessedOn ? { status: 'met' as const, metOn: f.reassessedOn } : {}),
      details: { crossedOn: r.crossedOn, countedDays: r.threshold + 1, counting: r.unit, consequence },
      da: `Sygedagpengene har været udbetalt i mere end ${limit} den ${fmt(r.crossedOn)}. Udbetalingen stopper efter udgangen af ${formatDanish(r.monthEnd, false).replace(/^\d+\. /, '')}, medmindre kommunen inden da har revurderet sagen og forlænget efter § 27. Uden forlængelse ${what}.`,
      en: `Benefit passed ${f.pensioner ? '26 weeks in 12 months' : '22 weeks in 9 months'} on ${r.crossedOn}. Payment stops after ${r.monthEnd} unless the case is reassessed and extended under § 27 before then; otherwise: ${consequence}.` });
  }

  const unverified = [...new Set(c.deadlines.filter((d) => d.unverified).map((d) => d.ruleId))];
  const reassessmentConsequence = c.deadlines.find((d) => d.kind === 'reassessment')?.details?.consequence;
  const usedInterpretations = [exemptAtFirst || exemptMinimum ? 'F-40' : null, reassessmentConsequence === 'reduced-rate' ? 'J-10' : null].filter(Boolean) as string[];
  const flagged = [...new Set([...unverified, ...usedInterpretations])];
  if (flagged.length)
    issue(c, 'unverified-rule-used', 'warning', `Planen bygger på regler, der ikke er verificeret mod lovteksten (${flagged.join(', ')}); kommunens valgte fortolkning er brugt.`, `The plan uses unverified rules (${flagged.join(', ')}) under the municipality's chosen interpretation.`);
  return result();
}

/**
 * P-14: at each month end M, count paid days in the window of the last n calendar months (M included); the first
 * M where the count exceeds the limit is the reassessment month. Open absence periods are assumed to continue,
 * since that is what the reassessment must be planned for. Only days from the municipality's benefit start count
 * (P-11: not the employer period / waiting days). Counting is per month by arithmetic, not day by day.
 */
function reassessment(f: PlanFacts, benefitFrom: IsoDate, policy: MunicipalPolicy) {
  const p = rule(f.pensioner ? 'P-15' : 'P-10', benefitFrom, policy).params;
  const unit = policy.interpretations['reassessment-count'] === 'weekdays' ? 'weekdays' : 'calendar-days';
  const threshold = unit === 'weekdays' ? p.weeks * 5 : p.weeks * 7;
  const horizon = addDays(benefitFrom, 365 * 4);
  const periods = (f.absencePeriods ?? [{ from: f.firstAbsenceDay, to: null }])
    .map((per) => ({ from: per.from > benefitFrom ? per.from : benefitFrom, to: per.to && per.to < horizon ? per.to : horizon }))
    .filter((per) => per.from <= per.to);
  if (periods.length === 0) return null;
  const counted = (from: IsoDate, to: IsoDate) => (unit === 'weekdays' ? weekdaysBetween(from, to) : daysBetween(from, to) + 1);
  // Counted days per calendar month, from the first counted month to the horizon.
  const firstMonth = periods.reduce((m, per) => (per.from < m ? per.from : m), horizon).slice(0, 8) + '01';
  const months: { start: IsoDate; end: IsoDate; days: number }[] = [];
  let sum = 0;
  for (let m = firstMonth, i = 0; m <= horizon; m = addMonths(m, 1), i++) {
    const end = lastDayOfMonth(m);
    let days = 0;
    for (const per of periods) {
      const a = per.from > m ? per.from : m;
      const b = per.to < end ? per.to : end;
      if (a <= b) days += counted(a, b);
    }
    months.push({ start: m, end, days });
    sum += days;
    if (i >= p.windowMonths) sum -= months[i - p.windowMonths].days;
    if (sum <= threshold) continue;
    // The (threshold + 1)-th counted day inside the window is the day the limit was passed.
    let left = threshold;
    for (let k = Math.max(0, i - p.windowMonths + 1); k <= i; k++) {
      if (left >= months[k].days) { left -= months[k].days; continue; }
      for (let d = months[k].start; d <= months[k].end; d = addDays(d, 1)) {
        if (counted(d, d) === 0 || !periods.some((per) => per.from <= d && d <= per.to)) continue;
        if (left-- === 0) return { monthEnd: months[i].end, crossedOn: d, threshold, unit };
      }
    }
  }
  return null;
}

/** Mon–Fri days in [from, to]. */
function weekdaysBetween(from: IsoDate, to: IsoDate): number {
  const days = daysBetween(from, to) + 1;
  if (days <= 0) return 0;
  const full = Math.floor(days / 7);
  let n = full * 5;
  const startDay = weekday(from);
  for (let k = 0; k < days % 7; k++) {
    const wd = (startDay + k) % 7;
    if (wd !== 0 && wd !== 6) n++;
  }
  return n;
}

