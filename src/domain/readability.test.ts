import { describe, expect, it } from 'vitest';
import { readability, sentencesOf } from './readability.ts';

describe('LIX for Danish text', () => {
  it('counts a short plain sentence: 5 words, 1 sentence, 0 long words → LIX 5', () => {
    // "Vi har fået din besked." — words: Vi, har, fået, din, besked (6 letters, not long).
    const r = readability('Vi har fået din besked.');
    expect(r).toMatchObject({ words: 5, sentences: 1, longWords: 0, lix: 5 });
  });

  it('counts long words of more than 6 letters: 11/2 + 100 × 4/11 = 41.9 → 42', () => {
    const r = readability('Du får sygedagpenge fra kommunen. Vi holder en samtale om opfølgning.');
    // Words: Du får sygedagpenge fra kommunen (5) + Vi holder en samtale om opfølgning (6) = 11.
    // Long: sygedagpenge, kommunen, samtale (7), opfølgning = 4. LIX = 11/2 + 100×4/11 = 5.5 + 36.36 = 41.9 → 42.
    expect(r).toMatchObject({ words: 11, sentences: 2, longWords: 4, lix: 42 });
  });

  it('ends sentences at ! ? : and blank lines, but not at an ordinal full stop after a digit', () => {
    expect(sentencesOf('Kære Anna\n\nSamtalen er tirsdag 3. marts 2026. Kan du komme? Svar os: ring i dag!')).toEqual([
      'Kære Anna', 'Samtalen er tirsdag 3. marts 2026', 'Kan du komme', 'Svar os', 'ring i dag',
    ]);
    // 2 + 6 + 3 + 2 + 3 = 16 words in 5 sentences; long: Samtalen (8), tirsdag (7) = 2. LIX = 3.2 + 12.5 = 15.7 → 16.
    expect(readability('Kære Anna\n\nSamtalen er tirsdag 3. marts 2026. Kan du komme? Svar os: ring i dag!').lix).toBe(16);
  });

  it('warns on sentences longer than 25 words', () => {
    const long = Array.from({ length: 26 }, () => 'ord').join(' ') + '.';
    const r = readability(`Kort sætning. ${long}`);
    expect(r.longSentences).toHaveLength(1);
    expect(r.longSentences[0].words).toBe(26);
    expect(readability(Array.from({ length: 25 }, () => 'ord').join(' ') + '.').longSentences).toHaveLength(0);
  });

  it('scores empty text 0', () => expect(readability('').lix).toBe(0));
});
