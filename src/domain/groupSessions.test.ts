import { describe, expect, it } from 'vitest';
import * as G from './groupSessions.ts';
import { DomainError } from './errors.ts';

const now = new Date('2026-12-03T10:00:00Z');
const planned = (over: Partial<G.SessionState> = {}): G.SessionState => ({ status: 'planned', capacity: 7, minSize: 5, startsAt: new Date('2026-12-10T09:00:00Z'), ...over });
const issues = (f: () => void) => {
  try { f(); } catch (e) { if (e instanceof DomainError) return e.issues?.map((i) => `${i.path}: ${i.message}`) ?? [e.message]; throw e; }
  return [];
};

describe('group session rules', () => {
  it('offers Danish themes and the seeds\' 5-7 size by default', () => {
    expect(Object.values(G.GROUP_THEMES)).toEqual(expect.arrayContaining(['Delvis tilbagevenden til arbejde', 'Jobsøgning og CV', 'Stress og mestring']));
    const ok = G.createSessionInput.parse({ theme: 'stress', date: '2026-12-10', time: '10:00', videoLink: 'https://video.example.dk/x' });
    expect([ok.capacity ?? G.DEFAULT_CAPACITY, ok.minSize ?? G.DEFAULT_MIN_SIZE]).toEqual([7, 5]);
  });

  it('a session needs a room or a video link, and its minimum cannot exceed its capacity', () => {
    const r = G.createSessionInput.safeParse({ theme: 'job-search', date: '2026-12-10', time: '10:00', capacity: 4 });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'roomId: Vælg et lokale eller skriv et videolink',
      'minSize: Mindste antal deltagere kan ikke være større end antallet af pladser',
    ]);
  });

  it('counts whole weeks on benefit from the first day of absence and filters on them, target group and pathway', () => {
    expect(G.weeksOnBenefit('2026-10-01', '2026-12-03')).toBe(9);
    expect(G.weeksOnBenefit('2026-12-01', '2026-12-03')).toBe(0);
    const c = { firstAbsenceDay: '2026-10-01', targetGroup: 2, pathway: 3 };
    expect(G.matchesFilters(c, {}, '2026-12-03')).toBe(true);
    expect(G.matchesFilters(c, { targetGroup: 2, pathway: 3, minWeeks: 9, maxWeeks: 9 }, '2026-12-03')).toBe(true);
    expect(G.matchesFilters(c, { targetGroup: 1 }, '2026-12-03')).toBe(false);
    expect(G.matchesFilters(c, { pathway: 4 }, '2026-12-03')).toBe(false);
    expect(G.matchesFilters(c, { minWeeks: 10 }, '2026-12-03')).toBe(false);
    expect(G.matchesFilters(c, { maxWeeks: 8 }, '2026-12-03')).toBe(false);
  });

  it('refuses to invite beyond capacity, naming the places left', () => {
    expect(issues(() => G.checkInvite(planned(), 5, 2, now))).toEqual([]);
    expect(issues(() => G.checkInvite(planned(), 5, 3, now))).toEqual(['caseIds: Der er 2 ledige pladser (5 af 7 er inviteret); vælg højst 2']);
    expect(issues(() => G.checkInvite(planned({ startsAt: now }), 0, 1, now))).toEqual(['caseIds: Gruppeforløbet er begyndt; der kan ikke inviteres flere']);
    expect(issues(() => G.checkInvite(planned({ status: 'cancelled' }), 0, 1, now))).toEqual(['status: Gruppeforløbet er aflyst']);
  });

  it('holds a session only after it began, with attendance for everyone invited, and below the minimum only with a reason', () => {
    const begun = planned({ startsAt: new Date('2026-12-03T09:00:00Z') });
    const all = (ids: number[]) => ({ participants: ids.map((meetingId) => ({ meetingId, attendance: 'attended' as const })) });
    expect(issues(() => G.checkCanHold(begun, [1, 2, 3, 4, 5], all([1, 2, 3, 4, 5]), now))).toEqual([]);
    expect(issues(() => G.checkCanHold(planned(), [1, 2, 3, 4, 5], all([1, 2, 3, 4, 5]), now))).toEqual(['participants: Fremmøde kan først registreres, når gruppeforløbet er begyndt']);
    expect(issues(() => G.checkCanHold(begun, [1, 2, 3, 4, 5], all([1, 2, 3, 4]), now))).toEqual(['participants: Registrér fremmøde for alle inviterede (1 mangler)']);
    expect(issues(() => G.checkCanHold(begun, [1, 2, 3, 4, 5], all([1, 2, 3, 4, 5, 9]), now))).toEqual(['participants.5.meetingId: Borgeren er ikke inviteret til dette gruppeforløb']);
    expect(issues(() => G.checkCanHold(begun, [1, 2, 3, 4], all([1, 2, 3, 4]), now))[0]).toMatch(/^belowMinimumReason: Gruppeforløbet har kun 4 inviterede, og mindst 5/);
    expect(issues(() => G.checkCanHold(begun, [1, 2, 3, 4], { ...all([1, 2, 3, 4]), belowMinimumReason: 'To meldte afbud samme morgen' }, now))).toEqual([]);
    expect(issues(() => G.checkCanHold({ ...begun, status: 'held' }, [1], all([1]), now))).toEqual(['status: Gruppeforløbet er allerede holdt']);
  });
});
