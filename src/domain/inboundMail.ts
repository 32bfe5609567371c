/**
 * E-mail from citizens (issue 9), the pure part: finding CPR numbers in a mail so it can be matched to a case, the
 * acknowledgement the citizen gets at once, and the input schemas of the unmatched queue. The SMTP listener is in
 * src/integrations/email/, the matching and the writes in src/app/inboundMail.ts.
 */
import * as z from 'zod';
import { dbId } from './caseFields.ts';
import { cprBirthDate } from './identifiers.ts';
import { formatDanish, type IsoDate } from './dates.ts';

/**
 * A CPR number as people write it: 'ddmmyy-xxxx', 'ddmmyyxxxx' or 'ddmmyy xxxx' (a no-break space counts as a space),
 * not part of a longer run of digits (an account or phone number with more digits is no CPR number).
 */
const CPR_IN_TEXT = /(?<!\d)(\d{6})(?:-|[ \u00a0])?(\d{4})(?!\d)/g;

/**
 * The distinct valid CPR numbers in a text, as ten digits, in the order they first appear. Valid means the birth date
 * exists (identifiers.ts; no modulus-11 check, CPR has issued numbers failing it since 2007), so most dates, phone
 * numbers and amounts that happen to have ten digits are not taken for one.
 */
export function findCprCandidates(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(CPR_IN_TEXT)) {
    const cpr = m[1] + m[2];
    if (cprBirthDate(cpr) && !found.includes(cpr)) found.push(cpr);
  }
  return found;
}

/** One e-mail as the SMTP listener (src/integrations/email/listener.ts) hands it over. */
export interface InboundMail {
  /** The Message-ID header ('<…>'), or 'sha256:' + the hash of the raw message when it has none (or an absurd one). */
  messageId: string;
  /** The sender's address only, lower-case ('' when the mail names none, e.g. a bounce). */
  from: string;
  subject: string;
  /** Plain text; from the HTML part, converted, when there is no text part. */
  text: string;
  receivedAt: Date;
  /**
   * Sent by a machine (RFC 3834: an Auto-Submitted header other than 'no', a bounce with an empty envelope sender,
   * Precedence bulk/junk/list, a mailing list): stored and matched like any mail, but never acknowledged, so an
   * out-of-office and our acknowledgement cannot answer each other for ever.
   */
  automatic?: boolean;
}

/** The subject of the acknowledgement. */
export const ACKNOWLEDGEMENT_SUBJECT = 'Vi har modtaget din e-mail';

export interface AcknowledgementInput {
  /**
   * Only when the sender's address is the one the citizen gave us: the acknowledgement goes to whoever sent the mail,
   * so naming a citizen found through a CPR number in the text would tell a stranger whose number it is.
   */
  citizenName?: string | null;
  receivedOn: IsoDate;
  answerDue: IsoDate;
  /** The municipality's name, e.g. 'Demo Kommune'. */
  municipality: string;
}

/**
 * The acknowledgement in plain, short Danish (the same whether the mail was matched to a case or not, so it never
 * tells the sender whether a case exists): when it arrived, the day the answer comes at the latest, and a warning
 * not to send CPR numbers or health information by ordinary e-mail, which is not encrypted.
 */
export function acknowledgementText(a: AcknowledgementInput): string {
  const name = a.citizenName?.trim();
  return [
    name ? `Kære ${name}` : 'Hej',
    '',
    `Tak for din e-mail. Vi har modtaget den ${formatDanish(a.receivedOn, false)}.`,
    `Du får svar senest ${formatDanish(a.answerDue, false)}.`,
    '',
    'Send ikke dit cpr-nummer eller oplysninger om dit helbred i en almindelig e-mail. Brug Digital Post på borger.dk. Så er oplysningerne beskyttet.',
    '',
    'Du behøver ikke svare på denne e-mail.',
    '',
    'Venlig hilsen',
    `Sygedagpenge, ${a.municipality}`,
  ].join('\n');
}

/** How much of the mail's text the inquiry's summary keeps (the whole mail stays in inbound_email). */
export const SUMMARY_TEXT_CHARS = 500;

/** The inquiry's summary: the subject, then the start of the text, cut at a word where possible. */
export function inquirySummary(subject: string, text: string): string {
  const s = subject.trim() || '(uden emne)';
  const body = text.replace(/\r\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  if (!body) return s;
  let cut = body.slice(0, SUMMARY_TEXT_CHARS);
  if (body.length > SUMMARY_TEXT_CHARS) {
    const space = cut.lastIndexOf(' ');
    cut = `${(space > SUMMARY_TEXT_CHARS * 0.8 ? cut.slice(0, space) : cut).trimEnd()} …`;
  }
  return `${s}\n\n${cut}`;
}

export const assignInboundEmailInput = z.strictObject({ caseId: dbId('Sagsnummeret') });
export type AssignInboundEmailInput = z.infer<typeof assignInboundEmailInput>;

export const discardInboundEmailInput = z.strictObject({
  reason: z.string({ error: 'Skriv hvorfor e-mailen kasseres' }).trim().min(1, 'Skriv hvorfor e-mailen kasseres').max(500, 'Højst 500 tegn'),
});
export type DiscardInboundEmailInput = z.infer<typeof discardInboundEmailInput>;
