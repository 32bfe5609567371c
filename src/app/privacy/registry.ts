/**
 * Every table that holds personal data about a citizen, and how its rows lead to one citizen. The right-of-access
 * export (GDPR art. 15) and the retention run (art. 5(1)(e)) both walk this list, and a test compares it with the
 * database catalogue: a new table with a `citizen_id` or `case_id` column that is not listed here fails the build,
 * so a later table (letters, SMS, inquiries …) cannot be forgotten by either.
 */

export interface PersonalDataTable {
  table: string;
  /**
   * How a row belongs to a citizen: `self` is the citizen row itself, `citizen` a `citizen_id` column, `case` a
   * `case_id` column (the case's citizen).
   */
  via: 'self' | 'citizen' | 'case';
  /** What the table holds, in Danish (shown on the privacy page and in the export). */
  title: string;
  /**
   * What the retention run does with it: `anonymise` wipes the identity (the row stays so audit entries keep
   * pointing at an id), `with-case` goes with its case, `audit-expiry` goes after the audit period.
   */
  retention: 'anonymise' | 'with-case' | 'audit-expiry';
}

/**
 * Order matters for deletion: rows that reference others come before what they reference (children before
 * `sb_case`). A table added later goes before `sb_case` if it has a `case_id`.
 */
export const PERSONAL_DATA: readonly PersonalDataTable[] = [
  { table: 'case_action', via: 'case', title: 'Sagens historik', retention: 'with-case' },
  { table: 'case_deadline', via: 'case', title: 'Frister med lovgrundlag', retention: 'with-case' },
  { table: 'case_plan', via: 'case', title: 'Opfølgningsplan', retention: 'with-case' },
  { table: 'outbox_message', via: 'case', title: 'Udgående beskeder (SMS, Digital Post, e-mail)', retention: 'with-case' },
  { table: 'inbound_email', via: 'case', title: 'E-mails fra borgeren', retention: 'with-case' },
  { table: 'case_event', via: 'case', title: 'Hændelser på sagen (svar på indkaldelser, beskeder, attester, fejlede SMS) og deres behandling', retention: 'with-case' },
  { table: 'complaint', via: 'case', title: 'Klager over afgørelser og Ankestyrelsens afgørelser', retention: 'with-case' },
  { table: 'case_extension', via: 'case', title: 'Forlængelser af sygedagpenge (SDL § 27)', retention: 'with-case' },
  { table: 'case_sanction', via: 'case', title: 'Sanktioner for manglende medvirken: partshøring, afgørelse, genoptagelse (SDL § 21)', retention: 'with-case' },
  { table: 'letter', via: 'case', title: 'Breve (tekst og PDF)', retention: 'with-case' },
  { table: 'intervention_order', via: 'case', title: 'Bestilte indsatser (pakke, periode, status, resultat, note)', retention: 'with-case' },
  { table: 'fast_track_request', via: 'case', title: 'Anmodninger om fast track og udfaldet', retention: 'with-case' },
  { table: 'employer_contact_log', via: 'case', title: 'Kontakter med arbejdsgiveren om sagen', retention: 'with-case' },
  { table: 'inquiry', via: 'case', title: 'Henvendelser fra borgeren og svarene', retention: 'with-case' },
  { table: 'meeting_participant', via: 'case', title: 'Deltagere i samtaler (arbejdsgiver, faglig organisation, læge)', retention: 'with-case' },
  { table: 'return_to_work_plan', via: 'case', title: 'Aftaler om gradvis tilbagevenden', retention: 'with-case' },
  { table: 'follow_up_meeting', via: 'case', title: 'Opfølgningssamtaler', retention: 'with-case' },
  { table: 'case_task', via: 'case', title: 'Opgaver', retention: 'with-case' },
  { table: 'case_note', via: 'case', title: 'Notater', retention: 'with-case' },
  { table: 'benefit_period', via: 'citizen', title: 'Ydelseshistorik (perioder med dagpenge, sygedagpenge, kontanthjælp, ressourceforløb og arbejde)', retention: 'anonymise' },
  { table: 'sb_case', via: 'citizen', title: 'Sager', retention: 'with-case' },
  { table: 'audit_entry', via: 'citizen', title: 'Revisionsspor (hvem har set eller ændret oplysningerne)', retention: 'audit-expiry' },
  { table: 'citizen', via: 'self', title: 'Identitet og kontaktoplysninger', retention: 'anonymise' },
];

/**
 * Personal data about staff (not citizens), kept only briefly: the retention run deletes old rows. Listed so the
 * privacy page can say what is kept and for how long.
 */
export const STAFF_DATA = [
  { table: 'user_session', title: 'Udløbne sessioner', setting: 'sessionDays' },
  { table: 'login_failure', title: 'Mislykkede logins', setting: 'loginFailureDays' },
] as const;

export const caseTables = () => PERSONAL_DATA.filter((t) => t.via === 'case');
