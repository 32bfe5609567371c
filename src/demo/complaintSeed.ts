/**
 * Demo data for issue 10: complaints and appeals. Runs inside the demo seed's transaction, after the cases exist.
 * Deterministic (its own seeded PRNG, cases in id order): complaints received over the last 12 months, most of them
 * reassessed (some too late), some sent on to Ankestyrelsen and back, a few still awaiting reassessment so the
 * worklist and the figures page have something to show. The first two go to Mette's open cases (the demo login).
 */
import type { Queryable } from '../db/engine.ts';
import { insertRows } from '../db/bulk.ts';
import { addDays, instantInDenmark, type IsoDate } from '../domain/dates.ts';
import { Random } from './random.ts';
import { municipalCalendar } from '../rules/calendar.ts';
import { DEFAULT_POLICY } from '../rules/policy.ts';
import {
  complaintDeadline, goesToBoard, isLate, reassessedOnTime, reassessmentDeadline,
  type BoardResult, type DecisionType, type Outcome, type Reason,
} from '../domain/complaints.ts';

const SUMMARIES: Record<Reason, string[]> = {
  assessment: ['Borgeren mener ikke, at lægens oplysninger er vurderet korrekt.', 'Borgeren er uenig i, at arbejdsevnen er vurderet som ikke truet.'],
  facts: ['Borgeren oplyser, at statusattesten fra egen læge ikke er kommet med i vurderingen.', 'Arbejdsgiverens oplysninger om skånehensyn mangler i sagen.'],
  'legal-basis': ['Borgeren mener at opfylde betingelserne for forlængelse efter § 27.', 'Borgeren mener, at reglerne om ophør er anvendt forkert.'],
  procedure: ['Borgeren er ikke blevet partshørt før afgørelsen.', 'Afgørelsen mangler begrundelse og klagevejledning.'],
  payment: ['Borgeren mener, at sygedagpengene er beregnet forkert.', 'Udbetalingen er stoppet fra en forkert dato.'],
  other: ['Borgeren klager over afgørelsen uden nærmere begrundelse.'],
};
const DECISIONS: [DecisionType, number][] = [['benefit-stop', 35], ['extension-refused', 25], ['sanction', 20], ['fast-track-refused', 5], ['other', 15]];
const REASONS: [Reason, number][] = [['assessment', 35], ['facts', 20], ['legal-basis', 15], ['procedure', 12], ['payment', 10], ['other', 8]];
const OUTCOMES: [Outcome, number][] = [['upheld', 55], ['changed', 30], ['sent-to-board', 15]];
const BOARD: [BoardResult, number][] = [['confirmed', 60], ['changed', 13], ['remitted', 17], ['rejected', 10]];

export async function seedComplaints(tx: Queryable, opts: { today: IsoDate }): Promise<void> {
  const { today } = opts;
  const rnd = new Random(1310);
  const cal = municipalCalendar(DEFAULT_POLICY.closedDays);
  const citizenRule = DEFAULT_POLICY.interpretations['citizen-deadline-on-closed-day'];
  const [{ n }] = await tx.query<{ n: number | string }>('SELECT count(*) AS n FROM sb_case');
  const total = Math.min(600, Math.max(24, Math.round(Number(n) / 8)));
  const [mette] = await tx.query<{ id: number }>(`SELECT id FROM app_user WHERE username = 'mette'`);
  const [anyUser] = await tx.query<{ id: number }>(`SELECT id FROM app_user WHERE role = 'caseworker' ORDER BY id LIMIT 1`);
  if (!anyUser) return;
  // Cases whose first absence lies at least 50 days back, so a decision and a complaint fit after it. Mette's first.
  const cases = await tx.query<{ id: number; citizenId: number; caseworkerId: number | null; start: string }>(
    `SELECT id, citizen_id AS "citizenId", caseworker_id AS "caseworkerId", to_char(first_absence_day, 'YYYY-MM-DD') AS start
       FROM sb_case WHERE first_absence_day <= $1
      ORDER BY (caseworker_id = $2 AND status = 'open') DESC NULLS LAST, id`, [addDays(today, -50), mette?.id ?? -1]);
  if (!cases.length) return;
  // Mette's two: received recently and not yet reassessed (one due within the week, one later). The rest: a day of
  // receipt spread over the last 12 months, on a case that had begun at least 6 weeks before it.
  const picked: [typeof cases[number], IsoDate][] = [[cases[0], addDays(today, -23)]];
  if (cases.length > 1) picked.push([cases[1], addDays(today, -6)]);
  const byStart = [...cases].sort((a, b) => a.start.localeCompare(b.start) || a.id - b.id);
  for (let k = 0; picked.length < total && k < total * 4; k++) {
    const received = addDays(today, -rnd.int(2, 360));
    // How many cases began by 6 weeks before (binary search in start order).
    const limit = addDays(received, -42);
    let lo = 0, hi = byStart.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (byStart[mid].start <= limit) lo = mid + 1; else hi = mid; }
    if (lo) picked.push([byStart[rnd.int(0, lo - 1)], received]);
  }

  const rows: unknown[][] = [];
  picked.forEach(([c, received], i) => {
    const earliest = addDays(c.start, 14);
    const receivedOn = received < earliest ? earliest : received;
    if (receivedOn > today) return;
    const decisionType = i < 2 ? 'extension-refused' : rnd.weighted(DECISIONS);
    // About one in ten complaints arrives after the 4 weeks.
    let decisionOn = addDays(receivedOn, -(rnd.chance(0.1) ? rnd.int(29, 45) : rnd.int(3, 27)));
    if (decisionOn < c.start) decisionOn = c.start;
    const reason = rnd.weighted(REASONS);
    const due = complaintDeadline(decisionOn, cal, citizenRule);
    const late = isLate(receivedOn, due.due);
    const reassess = reassessmentDeadline(receivedOn, cal);
    // Reassessed mostly within the 4 weeks, sometimes a little after; the newest ones are still open.
    const decided = addDays(receivedOn, rnd.chance(0.85) ? rnd.int(7, 27) : rnd.int(29, 40));
    const isOpen = i < 2 || decided > today || (reassess.legalDate > today && rnd.chance(0.5)) || rnd.chance(0.02);
    const outcome: Outcome | null = isOpen ? null : rnd.weighted(OUTCOMES);
    // Ankestyrelsen answers after 2 to 5 months; late complaints are rejected more often.
    const boardOn = outcome && goesToBoard(outcome) ? addDays(decided, rnd.int(60, 150)) : null;
    const boardResult: BoardResult | null = boardOn && boardOn <= today ? (late && rnd.chance(0.6) ? 'rejected' : rnd.weighted(BOARD)) : null;
    const by = c.caseworkerId ?? anyUser.id;
    rows.push([
      c.id, c.citizenId, receivedOn, decisionType, decisionOn, decisionOn, null, reason, rnd.pick(SUMMARIES[reason]),
      due.due, late, reassess.legalDate, reassess.due,
      outcome, outcome ? decided : null, outcome === 'changed' ? 'Nye lægelige oplysninger ændrer vurderingen.' : null,
      outcome ? reassessedOnTime(decided, reassess.legalDate) : null, outcome ? by : null, outcome ? instantInDenmark(decided, '14:00') : null,
      boardResult, boardResult ? boardOn : null, boardResult ? by : null, boardResult ? instantInDenmark(boardOn!, '11:00') : null,
      by, instantInDenmark(receivedOn, '10:00'),
    ]);
  });
  await insertRows(tx, 'complaint', [
    'case_id', 'citizen_id', 'received_on', 'decision_type', 'decision_on', 'notified_on', 'letter_id', 'reason', 'summary',
    'complaint_due', 'late', 'reassess_legal_date', 'reassess_due',
    'outcome', 'decided_on', 'outcome_note', 'reassessed_on_time', 'decided_by', 'decided_at',
    'board_result', 'board_received_on', 'board_by', 'board_at', 'created_by', 'created_at',
  ], rows);
}
