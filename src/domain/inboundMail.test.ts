import { describe, expect, it } from 'vitest';
import { ACKNOWLEDGEMENT_SUBJECT, acknowledgementText, assignInboundEmailInput, discardInboundEmailInput, findCprCandidates, inquirySummary } from './inboundMail.ts';

describe('CPR numbers in an e-mail', () => {
  it('finds the three ways people write them, once each', () => {
    expect(findCprCandidates('Mit cpr er 010190-1234.')).toEqual(['0101901234']);
    expect(findCprCandidates('cpr: 0101901234')).toEqual(['0101901234']);
    expect(findCprCandidates('CPR 010190 1234, igen: 010190-1234')).toEqual(['0101901234']);
    expect(findCprCandidates('010190\u00a01234')).toEqual(['0101901234']);
    expect(findCprCandidates('Mig: 010190-1234. Min søn: 150312-4321.')).toEqual(['0101901234', '1503124321']);
  });

  it('ignores numbers that cannot be a CPR number', () => {
    // 31 February does not exist; 13th month neither.
    expect(findCprCandidates('310290-1234 og 011390-1234')).toEqual([]);
    // Part of a longer run of digits (an account number), a phone number, a date.
    expect(findCprCandidates('Konto 12340101901234, tlf. 12 34 56 78, den 01.01.1990')).toEqual([]);
    expect(findCprCandidates('0101901234567')).toEqual([]);
    expect(findCprCandidates('Ingen tal her')).toEqual([]);
  });
});

describe('the acknowledgement', () => {
  it('states the day received and the answer day in Danish', () => {
    const text = acknowledgementText({ receivedOn: '2026-11-25', answerDue: '2026-12-09', municipality: 'Demo Kommune' });
    expect(text).toContain('Tak for din e-mail. Vi har modtaget den 25. november 2026.');
    expect(text).toContain('Du får svar senest 9. december 2026.');
    expect(text).toContain('Sygedagpenge, Demo Kommune');
    expect(text.startsWith('Hej\n')).toBe(true);
    expect(ACKNOWLEDGEMENT_SUBJECT).toBe('Vi har modtaget din e-mail');
  });

  it('greets by name only when given one', () => {
    expect(acknowledgementText({ citizenName: 'Anna Jensen', receivedOn: '2027-03-24', answerDue: '2027-04-12', municipality: 'Demo Kommune' }))
      .toMatch(/^Kære Anna Jensen\n/);
  });
});

describe('the inquiry summary', () => {
  it('is the subject and the start of the text', () => {
    expect(inquirySummary('Spørgsmål om udbetaling', 'Hvornår får jeg penge?\r\n')).toBe('Spørgsmål om udbetaling\n\nHvornår får jeg penge?');
    expect(inquirySummary('  ', '')).toBe('(uden emne)');
    const long = inquirySummary('Emne', 'ord '.repeat(400));
    expect(long.length).toBeLessThan(520);
    expect(long.endsWith(' …')).toBe(true);
  });
});

describe('queue input', () => {
  it('names the field in Danish', () => {
    expect(assignInboundEmailInput.safeParse({ caseId: 0 }).error?.issues[0].message).toBe('Sagsnummeret skal være mindst 1');
    expect(assignInboundEmailInput.safeParse({ caseId: 1, extra: 1 }).success).toBe(false);
    expect(discardInboundEmailInput.safeParse({ reason: '  ' }).error?.issues[0].message).toBe('Skriv hvorfor e-mailen kasseres');
  });
});
