/**
 * Who may do what. Routes declare the permission they need (checked before the body is validated); use cases
 * check the team of the case. The authorization matrix test walks every route with every role.
 */
import type { Role } from './caseFields.ts';
import { forbidden } from './errors.ts';

export interface Actor {
  id: number;
  role: Role;
  teamId: number | null;
  name: string;
}

export type Permission =
  | 'case:read' // see cases (analysts only pseudonymised)
  | 'case:write' // create, edit, close, reopen; meetings, tasks, notes
  | 'case:assign' // move cases between caseworkers (a team leader's duty in the journeys)
  | 'citizen:identify' // see CPR numbers, names and free text that may name the citizen
  | 'health:read' // health information (diagnosis group, health notes, meeting notes): the case's own team only
  | 'audit:read'
  | 'users:read'
  | 'rules:preview' // see which open cases' deadlines a coming rule set or policy would move
  | 'policy:write' // change the municipality's policy and interpretations
  | 'privacy:admin' // right-of-access exports and retention runs (GDPR art. 15 and 5(1)(e))
  | 'analytics:read' // dashboards, economics and committee reports: pseudonymised figures, never names or CPR numbers
  | 'analytics:manage'; // import benchmark files, define trials (prøvehandlinger) and tag cases to them

const GRANTS: Record<Role, Permission[]> = {
  // Caseworkers move no cases: handing work around is the team leader's duty (journeys: Lars's Monday).
  caseworker: ['case:read', 'case:write', 'citizen:identify', 'health:read', 'users:read'],
  team_leader: ['case:read', 'case:write', 'case:assign', 'citizen:identify', 'health:read', 'users:read', 'rules:preview', 'analytics:read'],
  manager: ['case:read', 'case:assign', 'citizen:identify', 'users:read', 'rules:preview', 'analytics:read', 'analytics:manage'],
  analyst: ['case:read', 'rules:preview', 'analytics:read', 'analytics:manage'],
  administrator: ['audit:read', 'users:read', 'rules:preview', 'policy:write', 'privacy:admin'],
};

export const can = (actor: Actor, p: Permission) => GRANTS[actor.role].includes(p);

export function require(actor: Actor, p: Permission) {
  if (!can(actor, p)) throw forbidden();
}

/** Caseworkers and team leaders work in their own team; managers and analysts see the municipality. */
export const seesAllTeams = (actor: Actor) => actor.role === 'manager' || actor.role === 'analyst';

export interface CaseRef { id: number; teamId: number; citizenId: number }

/** May the actor do `p` on this case? A refusal names the case and citizen, so it can be audited. */
export function requireCaseAccess(actor: Actor, p: Permission, c: CaseRef) {
  const subject = { entity: 'case', entityId: c.id, citizenId: c.citizenId };
  if (!can(actor, p)) throw forbidden(undefined, subject);
  if (!seesAllTeams(actor) && actor.teamId !== c.teamId) throw forbidden('Sagen hører til et andet team.', subject);
}

/** Health information only for the caseworkers of the case's own team (not managers, analysts or administrators). */
export const seesHealth = (actor: Actor, c: { teamId: number }) => can(actor, 'health:read') && actor.teamId === c.teamId;
