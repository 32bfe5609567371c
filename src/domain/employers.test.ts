import { describe, expect, it } from 'vitest';
import { addContactInput, addLogInput, barLengths, earlyEffortQuery, sizeBandOf } from './employers.ts';

describe('employer register', () => {
  it('puts head counts in the size bands at their edges', () => {
    expect([1, 9, 10, 49, 50, 249, 250, 4000].map(sizeBandOf)).toEqual(['1-9', '1-9', '10-49', '10-49', '50-249', '50-249', '250+', '250+']);
  });

  it('scales bars to the largest value, keeping small non-zero values visible', () => {
    expect(barLengths([10, 5, 1, 0], 200)).toEqual([200, 100, 20, 0]);
    expect(barLengths([1000, 1], 200)).toEqual([200, 1]);
    expect(barLengths([], 200)).toEqual([]);
    expect(barLengths([0, 0], 200)).toEqual([0, 0]);
  });

  it('validates contacts and log entries with Danish messages naming the field', () => {
    expect(addContactInput.parse({ name: ' Hanne HR ', role: '', phone: '+45 58 57 36 00', email: '' })).toEqual({ name: 'Hanne HR', role: null, phone: '+45 58 57 36 00', email: null });
    const bad = addContactInput.safeParse({ name: '', phone: 'ring mig', email: 'ikke-en-adresse' });
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['email', 'name', 'phone']);
    expect(addLogInput.safeParse({ channel: 'fax', summary: 'x' }).error!.issues[0].message).toMatch(/Vælg telefon/);
    expect(addLogInput.safeParse({ channel: 'phone', summary: 'Aftalt delvis raskmelding', caseId: 0 }).error!.issues[0].path).toEqual(['caseId']);
  });

  it('refuses a period that ends before it starts and a list longer than 50', () => {
    expect(earlyEffortQuery.safeParse({ from: '2026-03-01', to: '2026-02-01' }).error!.issues[0].path).toEqual(['to']);
    expect(earlyEffortQuery.safeParse({ from: '2026-01-01', to: '2026-03-31', limit: '51' }).success).toBe(false);
    expect(earlyEffortQuery.parse({ from: '2026-01-01', to: '2026-03-31', limit: '5' }).limit).toBe(5);
  });
});
