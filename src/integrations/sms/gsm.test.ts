import { describe, expect, it } from 'vitest';
import { fitSms } from './gsm.ts';

describe('fitSms: one SMS in the GSM 03.38 alphabet', () => {
  it('keeps Danish text as it is: æøå and ÆØÅ are in the alphabet', () => {
    const text = 'Påmindelse: Du har møde med Jobcenter Ærø i morgen kl. 10:00, Østergade 5. Ring 70 12 34 56 ved afbud. Æble, øl, ål, Århus.';
    expect(fitSms(text)).toEqual({ text, septets: [...text].length, replaced: [] });
  });

  it('counts the extension characters (€ [ ] { } ^ ~ | \\) as two septets each', () => {
    expect(fitSms('Pris 10 €')).toMatchObject({ text: 'Pris 10 €', septets: 10, replaced: [] });
    expect(fitSms('[a]{b}^~|\\').septets).toBe(18);
  });

  it('keeps é, É, ä, ö, ü, ß, à (in the table) and replaces other accents with the plain letter', () => {
    expect(fitSms('Café Émile, Müller, Straße, à').text).toBe('Café Émile, Müller, Straße, à');
    const r = fitSms('Señora José Ångström, ë á ô ç Łódź');
    expect(r.text).toBe('Señora José Ångström, e a o c Lodz');
    expect(r.replaced).toEqual(['ë', 'á', 'ô', 'ç', 'Ł', 'ó', 'ź']);
  });

  it('replaces typographic quotes, dashes and the ellipsis with their GSM spellings', () => {
    const r = fitSms('„Mød op“ – ‘kl. 10’ … tak');
    expect(r.text).toBe('"Mød op" - \'kl. 10\' ... tak');
    expect(r.replaced).toEqual(['„', '“', '–', '‘', '’', '…']);
  });

  it('turns an emoji (with skin tone or joiners) into one question mark, never UCS-2', () => {
    const r = fitSms('Vi ses 👋🏽 i morgen 👨‍👩‍👧 ok 🙂');
    expect(r.text).toBe('Vi ses ? i morgen ? ok ?');
    expect(r.replaced).toEqual(['👋🏽', '👨‍👩‍👧', '🙂']);
    expect(r.septets).toBe(r.text.length);
  });

  it('cuts a 200-character text to at most 160 septets ending with "..." (not "…")', () => {
    const long = 'Påmindelse om dit møde i jobcentret. '.repeat(6).slice(0, 200);
    expect(long.length).toBe(200);
    const r = fitSms(long);
    expect(r.septets).toBeLessThanOrEqual(160);
    expect(r.text.endsWith('...')).toBe(true);
    expect(r.text).not.toContain('…');
    expect(long.startsWith(r.text.slice(0, -3))).toBe(true);
    // Cut at a word, not inside one.
    expect(long[r.text.length - 3]).toMatch(/[ .]/);
  });

  it('never splits a two-septet character when cutting', () => {
    const r = fitSms('€'.repeat(100));
    expect(r.septets).toBeLessThanOrEqual(160);
    expect(r.text).toBe('€'.repeat(78) + '...');
    expect(r.septets).toBe(159);
  });

  it('an exactly 160-septet text is left whole', () => {
    const t = 'a'.repeat(158) + '€';
    expect(fitSms(t)).toMatchObject({ text: t, septets: 160 });
  });
});
