/** The kinds of deadline the planner produces, with Danish labels (shared with the web app). */
export const DEADLINE_KINDS = [
  'benefit-start', 'employer-conversation', 'employer-notification', 'fast-track-request-window', 'fast-track-acceptance',
  'gp-consultation', 'information-form', 'medical-certificate', 'first-follow-up', 'follow-up-minimum', 'reassessment',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  'benefit-start': 'Kommunens udbetaling begynder',
  'employer-conversation': 'Arbejdsgiverens sygefraværssamtale',
  'employer-notification': 'Arbejdsgiverens anmeldelse',
  'fast-track-request-window': 'Sidste dag for anmodning om fast track',
  'fast-track-acceptance': 'Medarbejderens accept af fast track',
  'gp-consultation': 'Lægekonsultation (tidlig opfølgning)',
  'information-form': 'Oplysningsskema retur',
  'medical-certificate': 'Lægeattest til første samtale',
  'first-follow-up': 'Første opfølgningssamtale',
  'follow-up-minimum': 'Fire opfølgningssamtaler i første halve år',
  reassessment: 'Revurdering (22 uger)',
};

