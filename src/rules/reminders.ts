/**
 * When the SMS reminder of a meeting goes out: at the policy's time on the n-th municipal working day before the
 * meeting day (default 16:00 the working day before; seed 000, Slagelse). Closed days are skipped: a Monday meeting is
 * reminded on Friday, a meeting on 27 December on 23 December.
 */
import { addDays, instantInDenmark, type IsoDate } from '../domain/dates.ts';
import { municipalCalendar } from './calendar.ts';
import { DEFAULT_POLICY, type MunicipalPolicy } from './policy.ts';

export function reminderAt(meetingDay: IsoDate, policy: MunicipalPolicy): Date | null {
  const r = policy.smsReminder ?? DEFAULT_POLICY.smsReminder!;
  if (!r.enabled) return null;
  const cal = municipalCalendar(policy.closedDays);
  let day = meetingDay;
  for (let i = 0; i < r.workingDaysBefore; i++) day = cal.lastWorkingDayOnOrBefore(addDays(day, -1));
  return instantInDenmark(day, r.time);
}
