/**
 * The one error type of retur. The API turns it into an RFC 9457 problem+json answer; `issues`
 * name each invalid field by its path (e.g. `citizen.cpr`) with a message a caseworker understands.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'too-many' | 'busy';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-many': 429,
  busy: 503,
};

const TITLE: Record<ErrorKind, string> = {
  invalid: 'Ugyldige oplysninger',
  unauthenticated: 'Du er ikke logget ind',
  forbidden: 'Du har ikke adgang',
  'not-found': 'Findes ikke',
  conflict: 'Konflikt',
  'too-many': 'For mange forsøg',
  busy: 'Travlt lige nu',
};

export class DomainError extends Error {
  readonly status: number;
  readonly title: string;
  /** A refusal that concerned a citizen's data: the API audits it (operation 'refused'). */
  subject?: RefusedSubject;
  constructor(
    readonly kind: ErrorKind,
    readonly detail: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(detail);
    this.status = STATUS[kind];
    this.title = TITLE[kind];
  }
}

export const invalid = (issues: FieldIssue[], detail = 'Et eller flere felter er ikke udfyldt korrekt.') =>
  new DomainError('invalid', detail, issues);
export const invalidField = (path: string, message: string) => invalid([{ path, message }], message + '.');
export const notFound = (what: string) => new DomainError('not-found', `${what} findes ikke.`);
/** Which citizen's data a refused request was after, so the refusal can be audited (see api/problem.ts). */
export interface RefusedSubject { entity: string; entityId: number | string; citizenId: number | null }

export function forbidden(detail = 'Din rolle giver ikke adgang til dette.', subject?: RefusedSubject) {
  const e = new DomainError('forbidden', detail);
  e.subject = subject;
  return e;
}
export const unauthenticated = () => new DomainError('unauthenticated', 'Log ind for at fortsætte.');
export const staleVersion = (current: number) =>
  new DomainError(
    'conflict',
    `Sagen er ændret af en anden, siden du åbnede den (nu version ${current}). Genindlæs sagen og prøv igen.`,
    [{ path: 'version', message: `Forældet version; den aktuelle er ${current}` }],
  );
