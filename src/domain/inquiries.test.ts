import { describe, expect, it } from 'vitest';
import { answerInquiryInput, complianceShares, onTime, registerInquiryInput, sampleInquiries } from './inquiries.ts';
import { answerDue } from '../rules/letters.ts';
import { DEFAULT_POLICY } from '../rules/policy.ts';

describe('inquiries (pure)', () => {
  it('answer deadlines skip Easter and Christmas', () => {
    // Wed 1 April 2026: Maundy Thursday 2 April to Easter Monday 6 April are closed; 10th working day is Mon 20 April.
    expect(answerDue('email', '2026-04-01', DEFAULT_POLICY)).toBe('2026-04-20');
    // Wed 23 December 2026: 24 (municipal closed day) to 27 closed; 2nd working day is Tue 29 December.
    expect(answerDue('phone', '2026-12-23', DEFAULT_POLICY)).toBe('2026-12-29');
  });

  it('on time is on or before the due day', () => {
    expect(onTime('2026-12-29', '2026-12-29')).toBe(true);
    expect(onTime('2026-12-30', '2026-12-29')).toBe(false);
  });

  it('the sample is reproducible and without repeats', () => {
    const ids = Array.from({ length: 200 }, (_, i) => i + 1);
    const a = sampleInquiries(ids, 20, 42);
    expect(a).toHaveLength(20);
    expect(new Set(a).size).toBe(20);
    expect(sampleInquiries([...ids].reverse(), 20, 42)).toEqual(a);
    expect(sampleInquiries(ids, 20, 43)).not.toEqual(a);
    expect(sampleInquiries([1, 2], 5, 1)).toEqual([1, 2]);
  });

  it('shares per channel and employment group', () => {
    const s = complianceShares([
      { channel: 'phone', employment: 'employed', answered: 3, onTime: 2 },
      { channel: 'phone', employment: 'unemployed', answered: 1, onTime: 1 },
      { channel: 'email', employment: 'self_employed', answered: 2, onTime: 0 },
    ]);
    expect(s.total).toEqual({ answered: 6, onTime: 3, share: 0.5 });
    expect(s.byChannel.phone).toEqual({ answered: 4, onTime: 3, share: 0.75 });
    expect(s.byChannel.letter.share).toBeNull();
    expect(s.byEmployment.employed).toEqual({ answered: 5, onTime: 2, share: 0.4 });
    expect(s.byEmployment.unemployed.share).toBe(1);
  });

  it('schemas refuse unknown channels and empty text in Danish', () => {
    const r = registerInquiryInput.safeParse({ channel: 'fax', receivedAt: '2026-01-01', summary: ' ' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['channel', 'summary']);
    expect(answerInquiryInput.safeParse({ answeredAt: '2026-01-01', text: 'Svar', extra: 1 }).success).toBe(false);
  });
});
