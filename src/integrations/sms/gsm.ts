/**
 * Fitting a text into one SMS of the GSM 03.38 alphabet (3GPP TS 23.038): at most 160 septets. A single character
 * outside the alphabet would make the whole message UCS-2 with room for only 70 characters (and some Danish phones
 * show it badly), so characters outside are replaced by their nearest GSM equivalent, or '?', and the text is cut.
 * æøåÆØÅ, é, ä, ö, ü and ß are in the basic table; the extension table's characters take two septets each.
 */

/** The basic table, in code order (0x1B, the escape to the extension table, left out). */
const BASIC = new Set([
  ...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ',
  ...' !"#¤%&\'()*+,-./0123456789:;<=>?',
  ...'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§',
  ...'¿abcdefghijklmnopqrstuvwxyzäöñüà',
]);
/** The extension table: each is sent as ESC + code, two septets. (Form feed is left out: nothing to print.) */
const EXTENSION = new Set([...'^{}\\[~]|€']);

/** Characters outside the alphabet that have a sensible GSM spelling; the rest fall back to their base letter or '?'. */
const REPLACEMENTS: Record<string, string> = {
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '´': "'", '`': "'",
  '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"', '«': '"', '»': '"',
  '–': '-', '—': '-', '‐': '-', '‑': '-', '‒': '-', '−': '-', '•': '-', '·': '-',
  '…': '...',
  '\u00a0': ' ', '\u202f': ' ', '\u2009': ' ', '\u2007': ' ', '\t': ' ',
  'ç': 'c', 'œ': 'oe', 'Œ': 'OE', 'ð': 'd', 'Ð': 'D', 'þ': 'th', 'Þ': 'Th', 'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D',
  'ı': 'i', '×': 'x', '÷': '/', '™': 'TM', '©': '(c)', '®': '(R)', '°': ' grader',
};

const ELLIPSIS = '...';
export const SMS_SEPTETS = 160;

const septetsOf = (ch: string) => (BASIC.has(ch) ? 1 : EXTENSION.has(ch) ? 2 : NaN);
const inGsm = (s: string) => [...s].every((ch) => BASIC.has(ch) || EXTENSION.has(ch));
const segmenter = new Intl.Segmenter('da', { granularity: 'grapheme' });

/** One grapheme (a letter with its accents, an emoji with its modifiers) in GSM spelling. */
function toGsm(g: string): string | null {
  if (inGsm(g)) return g;
  const composed = g.normalize('NFC');
  if (inGsm(composed)) return composed;
  if (REPLACEMENTS[composed] !== undefined) return REPLACEMENTS[composed];
  // A letter with an accent GSM lacks (á, ê, ë, ő, š …): the letter without it.
  const base = composed.normalize('NFD').replace(/\p{M}/gu, '');
  if (base && inGsm(base)) return base;
  return null;
}

export interface FittedSms {
  text: string;
  /** Septets the text takes (extension characters count two). */
  septets: number;
  /** Characters of the input that were replaced, each once, in order of appearance. */
  replaced: string[];
}

/** The text as one GSM 03.38 SMS: replaced where needed, cut to 160 septets with '...' ('…' is not GSM). */
export function fitSms(input: string, maxSeptets = SMS_SEPTETS): FittedSms {
  const replaced: string[] = [];
  const parts: string[] = [];
  for (const { segment } of segmenter.segment(input.replace(/\r\n/g, '\n'))) {
    const gsm = toGsm(segment);
    if (gsm === segment) { parts.push(segment); continue; }
    if (!replaced.includes(segment)) replaced.push(segment);
    parts.push(gsm ?? '?');
  }
  const chars = [...parts.join('')];
  const total = chars.reduce((n, ch) => n + septetsOf(ch), 0);
  if (total <= maxSeptets) return { text: chars.join(''), septets: total, replaced };

  // Too long: keep what fits before '...', never splitting an extension character, at a word boundary if one is near.
  const room = maxSeptets - ELLIPSIS.length;
  let used = 0;
  let end = 0;
  while (end < chars.length && used + septetsOf(chars[end]) <= room) used += septetsOf(chars[end++]);
  let kept = chars.slice(0, end);
  const lastSpace = kept.lastIndexOf(' ');
  if (lastSpace > 0 && end - lastSpace <= 20 && chars[end] !== ' ') kept = kept.slice(0, lastSpace);
  while (kept.length && /[\s,.;:-]/.test(kept[kept.length - 1])) kept.pop();
  const text = kept.join('') + ELLIPSIS;
  return { text, septets: [...text].reduce((n, ch) => n + septetsOf(ch), 0), replaced };
}
