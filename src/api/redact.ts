/**
 * Keeps CPR numbers out of logs. A URL is decoded first (percent-encoding, also double, and '+' for a space), so
 * every spelling of the separator is caught: '-', ' ', '+', '%20', '%2D', '%09', '%252D', a tab, a dot, a slash, a
 * non-breaking space or an en dash. Anything shaped like a CPR number (6 digits, up to 3 separator characters,
 * 4 digits) is masked to 'DDMMÅÅ-xxxx'. Masking a few non-CPR numbers in a log line is the price of never missing one.
 */
const CPR_LIKE = /(?<!\d)(\d{6})[^\p{L}\p{N}]{0,3}(\d{4})(?!\d)/gu;

function decode(s: string): string {
  let out = s.replace(/\+/g, ' ');
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(out); i++) {
    // Decode each %XX on its own, so one malformed sequence does not stop the rest from being decoded.
    out = out.replace(/(%[0-9a-f]{2})+/gi, (m) => { try { return decodeURIComponent(m); } catch { return m.replace(/%([0-9a-f]{2})/gi, (_x, h) => String.fromCharCode(parseInt(h, 16))); } });
  }
  return out;
}

export const redactCpr = (s: string) => decode(s).replace(CPR_LIKE, '$1-xxxx');
