/**
 * What a role may see of a case. Two lines are drawn here, once, for every screen and export:
 * - free text (reasons, task titles, notes, meeting notes) may name the citizen or quote a CPR number, so roles
 *   without `citizen:identify` (analysts) see that something was written, never what;
 * - health information (diagnosis group, health notes, meeting notes) only for the caseworkers of the case's own
 *   team (`seesHealth`), not for managers, analysts or administrators (GDPR art. 9).
 * A new kind of case action must say here which of its fields are free text or health (the maps are exhaustive).
 */
import type { CaseActionBody, CaseState } from '../domain/case.ts';
import { can, seesHealth, type Actor } from '../domain/permissions.ts';

export const HIDDEN = '(skjult)';

type ActionType = CaseActionBody['type'];
/** The fields of each action that hold free text. */
const FREE_TEXT: { [T in ActionType]: readonly (keyof Extract<CaseActionBody, { type: T }>)[] } = {
  created: [], changed: [], closed: [], 'meeting-booked': [], 'return-to-work-agreed': [], 'message-failed': [],
  'meeting-rebooked': ['reason'], 'meeting-cancelled': ['reason'], 'minutes-written': ['agreed', 'nextSteps', 'nextMeeting'],
  assigned: ['reason'], reopened: ['reason'], 'deadline-adjusted': ['reason'],
  'meeting-recorded': ['notes'], 'task-created': ['title'], 'task-completed': ['title'], 'note-added': ['text'],
};
/** Case facts that are health information. */
const HEALTH_FACTS = ['diagnosisGroup'] as const;

export interface Viewer { identify: boolean; health: boolean }
export const viewerOf = (actor: Actor, c: { teamId: number }): Viewer => ({ identify: can(actor, 'citizen:identify'), health: seesHealth(actor, c) });

const hideText = (v: unknown) => (v == null || v === '' ? v : HIDDEN);

export function presentState<T extends Partial<CaseState>>(s: T, v: Viewer): T & { healthHidden: boolean } {
  if (v.health) return { ...s, healthHidden: false };
  const out: Record<string, unknown> = { ...s, healthHidden: true };
  for (const f of HEALTH_FACTS) if (f in out) out[f] = null;
  return out as T & { healthHidden: boolean };
}

export function presentAction<A extends { payload: CaseActionBody }>(a: A, v: Viewer): A {
  const p = { ...a.payload } as Record<string, unknown> & CaseActionBody;
  if (!v.identify) for (const f of FREE_TEXT[p.type] as string[]) p[f] = hideText(p[f]);
  if (!v.health) {
    // What was said at a meeting may be health information: notes and minutes go with it.
    if (p.type === 'meeting-recorded') p.notes = hideText(p.notes) as string | null;
    if (p.type === 'note-added' && p.health) p.text = HIDDEN;
    if (p.type === 'minutes-written') { p.agreed = HIDDEN; p.nextSteps = HIDDEN; p.nextMeeting = hideText(p.nextMeeting) as string | null; }
    if (p.type === 'created') p.state = presentState(p.state, v);
    if (p.type === 'changed' || p.type === 'meeting-recorded' || p.type === 'return-to-work-agreed') {
      const changes = { ...p.changes };
      for (const f of HEALTH_FACTS) if (changes[f]) changes[f] = { from: changes[f]!.from == null ? null : HIDDEN, to: changes[f]!.to == null ? null : HIDDEN };
      p.changes = changes;
    }
  }
  return { ...a, payload: p };
}

export interface WorkspaceRows {
  meetings: { notes: string | null; minutes: Record<string, unknown> | null; participants: { name: string; phone: string | null; email: string | null }[] }[];
  tasks: { title: string }[];
  notes: { text: string; health: boolean }[];
}
export function presentWorkspace<W extends WorkspaceRows>(w: W, v: Viewer): W {
  return {
    ...w,
    // Meeting notes and minutes may hold health details; participants (employer contacts, the GP) are people too.
    meetings: w.meetings.map((m) => (v.identify && v.health ? m : {
      ...m, notes: hideText(m.notes), minutes: m.minutes ? { hidden: true } : null,
      participants: v.identify ? m.participants : m.participants.map((p) => ({ ...p, name: HIDDEN, phone: null, email: null })),
    })),
    tasks: w.tasks.map((t) => (v.identify ? t : { ...t, title: HIDDEN })),
    notes: w.notes.map((n) => (v.identify && (v.health || !n.health) ? n : { ...n, text: HIDDEN })),
  };
}

export function presentPlan<P extends { deadlines: Record<string, unknown>[] }>(plan: P, v: Viewer): P {
  if (v.identify) return plan;
  return { ...plan, deadlines: plan.deadlines.map((d) => ({ ...d, adjustReason: hideText(d.adjustReason) })) };
}
