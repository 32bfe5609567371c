/**
 * Answer deadlines and the dispatch day of decision letters: municipal policy on the working-day calendar.
 */
import { addDays, type IsoDate } from '../domain/dates.ts';
import { municipalCalendar } from './calendar.ts';
import type { AnswerChannel, MunicipalPolicy } from './policy.ts';

/**
 * Seed 000 (Slagelse): no decision letters on a Friday or on the day before a closed day, so the citizen can
 * reach the municipality the day after the letter arrives. The first day on or after `day` where both that
 * day and the next are working days; without the policy, the first working day on or after `day`.
 */
export function dispatchDate(day: IsoDate, policy: MunicipalPolicy): IsoDate {
  const cal = municipalCalendar(policy.closedDays);
  if (!policy.dispatchPolicy) return cal.nextWorkingDayOnOrAfter(day);
  let d = day;
  while (!(cal.isWorkingDay(d) && cal.isWorkingDay(addDays(d, 1)))) d = addDays(d, 1);
  return d;
}

/** Seed 001 (Copenhagen): an inquiry is answered within n working days after receipt (phone 2, e-mail 10). */
export function answerDue(channel: AnswerChannel, received: IsoDate, policy: MunicipalPolicy): IsoDate {
  return municipalCalendar(policy.closedDays).nthWorkingDayAfter(received, policy.answerDeadlines[channel]);
}

/** The citizen's answer deadline in an advance notice (Forvaltningsloven § 19): the policy's days, on a working day. */
export function hearingAnswerDue(day: IsoDate, policy: MunicipalPolicy): IsoDate {
  return municipalCalendar(policy.closedDays).nextWorkingDayOnOrAfter(addDays(day, policy.hearingAnswerDays ?? 14));
}
