/**
 * The demo municipality's calendars: the default working week for every caseworker and team leader
 * (Mon-Thu 08:00-15:30, Fri 08:00-13:00), three rooms, and a few absences so free-slot proposals have something to
 * go around. Idempotent (the demo and the tests may both call it): rows that exist are left alone.
 */
import type { Queryable } from '../db/engine.ts';
import { addDays, instantInDenmark, type IsoDate } from '../domain/dates.ts';
import { DEFAULT_WORKING_HOURS, isoWeekday } from '../domain/slots.ts';

export const DEMO_ROOMS = [
  { name: 'Mødelokale 1', capacity: 4 },
  { name: 'Mødelokale 2', capacity: 6 },
  { name: 'Grupperummet', capacity: 8 },
];

/** The Monday on or after a day. */
const nextMonday = (d: IsoDate) => addDays(d, (8 - isoWeekday(d)) % 7 || 7);

export async function seedCalendars(tx: Queryable, opts: { userIds: number[]; today: IsoDate }) {
  const { userIds, today } = opts;
  if (userIds.length) {
    const values: unknown[] = [];
    const rows: string[] = [];
    for (const id of userIds) for (const w of DEFAULT_WORKING_HOURS) {
      const b = values.length;
      values.push(id, w.weekday, w.starts, w.ends);
      rows.push(`($${b + 1}, $${b + 2}, $${b + 3}::time, $${b + 4}::time)`);
      // Keep one statement below PostgreSQL's 65,535 parameters even at Copenhagen scale.
      if (values.length >= 4000) { await tx.query(`INSERT INTO working_hours (user_id, weekday, starts, ends) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`, values); values.length = 0; rows.length = 0; }
    }
    if (rows.length) await tx.query(`INSERT INTO working_hours (user_id, weekday, starts, ends) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`, values);
  }
  for (const r of DEMO_ROOMS) await tx.query('INSERT INTO room (name, capacity) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [r.name, r.capacity]);

  // A few absences: the first user (Mette in the demo) a course day in two weeks; every seventh a week's holiday in
  // three weeks; every eleventh a course day next week.
  const createdAt = instantInDenmark(today, '09:00');
  const monday = nextMonday(today);
  const absences: [number, IsoDate, IsoDate, string][] = [];
  userIds.forEach((id, i) => {
    if (i === 0) absences.push([id, addDays(monday, 9), addDays(monday, 9), 'Kursus: ny sygedagpengelov']);
    else if (i % 7 === 3) absences.push([id, addDays(monday, 14), addDays(monday, 18), 'Ferie']);
    else if (i % 11 === 5) absences.push([id, addDays(monday, 2), addDays(monday, 2), 'Kursus']);
  });
  for (const [id, from, to, reason] of absences)
    await tx.query(
      `INSERT INTO user_absence (user_id, from_date, to_date, reason, created_at) SELECT $1, $2::date, $3::date, $4, $5
        WHERE NOT EXISTS (SELECT 1 FROM user_absence WHERE user_id = $1 AND from_date = $2::date AND to_date = $3::date)`, [id, from, to, reason, createdAt]);
}
