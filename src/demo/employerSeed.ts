/**
 * Demo data for issue 10, slice B: employer sizes and contact persons, the municipality's own workplaces (seed 000,
 * Slagelse: an effort aimed at the municipality's own institutions), contact log entries on open cases, and the
 * fast-track requests behind the demo's fast-track cases plus one late and one declined request. Runs inside the
 * demo seed's transaction, after the cases exist and before their plans are computed; deterministic (seeded PRNG).
 * Facts change through the case's own actions (commitAction), so state == replay(actions) still holds.
 */
import type { Queryable } from '../db/engine.ts';
import { insertRows } from '../db/bulk.ts';
import { CASE_COLUMNS, commitAction, type CaseRow } from '../db/caseStore.ts';
import * as Case from '../domain/case.ts';
import { addDays, type IsoDate } from '../domain/dates.ts';
import { fastTrackOutcome } from '../domain/fastTrack.ts';
import type { SizeBand } from '../domain/employers.ts';
import { plan } from '../rules/planner.ts';
import { DEFAULT_POLICY } from '../rules/policy.ts';
import { planFactsOf } from '../app/plans.ts';
import { FIRST_NAMES, LAST_NAMES } from './names.ts';
import { Random } from './random.ts';

/** Industries a municipality runs itself (care homes, home care, schools, day care). */
const MUNICIPAL_INDUSTRIES = ['871000', '881000', '851010', '889100'];
const LOG_TEXTS = [
  'Talt med nærmeste leder om mulighed for delvis raskmelding og skånehensyn.',
  'HR bekræfter, at arbejdspladsen kan tilbyde nedsat tid de første fire uger.',
  'Aftalt rundbordssamtale på arbejdspladsen med borger, leder og tillidsrepræsentant.',
  'Arbejdsgiveren har sendt en beskrivelse af arbejdsfunktionerne.',
  'Leder oplyser, at der er mulighed for andre opgaver uden løft.',
];

export async function seedEmployers(tx: Queryable, { today }: { today: IsoDate }): Promise<void> {
  const r = new Random(10_002);
  const at = (d: IsoDate, hour: number) => new Date(`${d}T${String(hour).padStart(2, '0')}:15:00Z`);
  const employers = await tx.query<{ id: number; industry_code: string | null; cases: number }>(
    `SELECT e.id, e.industry_code, (SELECT count(*)::int FROM sb_case c WHERE c.employer_id = e.id) AS cases FROM employer e ORDER BY e.id`);
  if (employers.length === 0) return;

  // Size follows how many cases the employer sends, with some spread.
  const band = (cases: number): SizeBand => {
    const n = cases * 25 + r.int(0, 40);
    return n < 10 ? '1-9' : n < 50 ? '10-49' : n < 250 ? '50-249' : '250+';
  };
  // The municipality's own workplaces: up to six in the municipal industries, the ones with most cases first.
  const municipal = new Set(employers.filter((e) => MUNICIPAL_INDUSTRIES.includes(e.industry_code ?? ''))
    .sort((a, b) => b.cases - a.cases || a.id - b.id).slice(0, 6).map((e) => e.id));
  for (const e of employers)
    await tx.query('UPDATE employer SET size_band = $2, is_municipality = $3 WHERE id = $1', [e.id, band(e.cases), municipal.has(e.id)]);

  const person = () => `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
  const contacts: unknown[][] = [];
  const seededAt = at(today, 8);
  for (const e of employers) {
    const hr = person();
    contacts.push([e.id, hr, municipal.has(e.id) ? 'Personalekonsulent, kommunens HR' : 'HR-partner', `+45 00 ${r.int(10, 99)} ${r.int(10, 99)} ${r.int(10, 99)}`,
      `${hr.split(' ')[0].toLowerCase().replace(/[æøå]/g, 'x')}@example.dk`, null, seededAt]);
    if (e.cases >= 3) contacts.push([e.id, person(), 'Nærmeste leder', `+45 00 ${r.int(10, 99)} ${r.int(10, 99)} ${r.int(10, 99)}`, null, null, seededAt]);
  }
  await insertRows(tx, 'employer_contact', ['employer_id', 'name', 'role', 'phone', 'email', 'created_by', 'created_at'], contacts);

  // Contact log entries on some open employed cases, by the case's caseworker, in the weeks after the absence began.
  const open = await tx.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM sb_case c WHERE c.status = 'open' AND c.employer_id IS NOT NULL AND c.kind = 'sickness_benefit' ORDER BY c.id`);
  const log: unknown[][] = [];
  for (const c of open) {
    if (!r.chance(0.25)) continue;
    const day = addDays(c.firstAbsenceDay, r.int(7, 40));
    if (day >= today) continue;
    log.push([c.employerId, c.id, at(day, r.int(8, 14)), r.pick(['phone', 'phone', 'email', 'meeting'] as const), r.pick(LOG_TEXTS), c.caseworkerId]);
  }
  // A couple about the municipality's own workplaces in general (seed 000: informing the institutions).
  for (const id of [...municipal].slice(0, 2))
    log.push([id, null, at(addDays(today, -r.int(5, 30)), 10), 'visit', 'Oplæg for lederne om jobcentrets støtte til fastholdelse og om fast track.', null]);
  await insertRows(tx, 'employer_contact_log', ['employer_id', 'case_id', 'at', 'channel', 'summary', 'created_by'], log);

  // One late employer request and one citizen request the employee later declined, through the case's actions.
  const candidates = open.filter((c) => !c.fastTrackRequestedBy && c.employment === 'employed' && c.firstAbsenceDay <= addDays(today, -45) && c.firstAbsenceDay >= addDays(today, -120));
  // Recorded this morning (after the case's earlier actions, so the history stays in time order); the facts carry the dates.
  let minute = 0;
  const change = async (c: CaseRow, patch: Partial<Case.CaseFacts>) => {
    const action = Case.changeCase(c, c.version, patch, today);
    return action ? commitAction(tx, c, action, c.caseworkerId, new Date(at(today, 8).getTime() + ++minute * 60_000)) : c;
  };
  const lateCase = candidates[0];
  if (lateCase) {
    const requested = addDays(lateCase.firstAbsenceDay, 40);
    await change(lateCase, { fastTrackRequestedBy: 'employer', fastTrackRequested: requested, fastTrackLetterSent: requested, fastTrack: false });
  }
  const declineCase = candidates[1];
  if (declineCase) {
    const requested = addDays(declineCase.firstAbsenceDay, 10);
    const next = await change(declineCase, { fastTrackRequestedBy: 'citizen', fastTrackRequested: requested, fastTrack: true });
    await change({ ...next, id: declineCase.id }, { fastTrackDeclined: true, fastTrack: false });
  }

  // A request row behind every case whose facts hold one, with the outcome the planner gives.
  const withRequest = await tx.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM sb_case c WHERE c.fast_track_requested IS NOT NULL ORDER BY c.id`);
  const rows = withRequest.map((c) => {
    const o = fastTrackOutcome(plan(planFactsOf(c, []), today, DEFAULT_POLICY), { declined: c.fastTrackDeclined },
      c.fastTrackDeclined ? 'Borgeren ønskede ikke tidlig opfølgning alligevel; almindelige frister.' : null);
    const decided = at(c.fastTrackRequested!, 12);
    return [c.id, c.fastTrackRequestedBy, c.fastTrackRequested, c.fastTrackRequestedBy === 'employer' ? 'api' : 'ui', o.status, o.reason, decided, c.caseworkerId, decided];
  });
  await insertRows(tx, 'fast_track_request', ['case_id', 'requested_by', 'requested_on', 'received_via', 'status', 'reason', 'decided_at', 'created_by', 'created_at'], rows);
}
