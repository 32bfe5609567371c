/** The closed days a municipality may add to the official holidays (no library code: the web app imports this). */
/** Closed days that are not official holidays; each municipality chooses which of them it closes. */
export const EXTRA_CLOSED_DAYS = {
  'constitution-day': 'Grundlovsdag (5. juni)',
  'christmas-eve': 'Juleaftensdag (24. december)',
  'new-years-eve': 'Nytårsaftensdag (31. december)',
  'friday-after-ascension': 'Fredagen efter Kristi himmelfartsdag',
  'may-day': '1. maj',
} as const;
export type ExtraClosedDay = keyof typeof EXTRA_CLOSED_DAYS;
export const DEFAULT_CLOSED_DAYS: ExtraClosedDay[] = ['constitution-day', 'christmas-eve', 'new-years-eve'];
