/** Keeps CPR numbers out of logs: anything shaped like one (6 digits, optional dash, 4 digits) is masked. */
const CPR_LIKE = /(?<!\d)(\d{6})-?(\d{4})(?!\d)/g;
export const redactCpr = (s: string) => s.replace(CPR_LIKE, '$1-xxxx');
