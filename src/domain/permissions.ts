/**
 * Who may do what. Routes call these before touching data; the authorization tests check every
 * route against every role.
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
  | 'case:write' // create, edit, close, reopen
  | 'case:assign' // move cases between caseworkers
  | 'citizen:identify' // see CPR numbers and names
  | 'audit:read'
  | 'users:read'
  | 'rules:preview' // see which open cases' deadlines a coming rule set or policy would move
  | 'policy:write'; // change the municipality's policy and interpretations

const GRANTS: Record<Role, Permission[]> = {
  caseworker: ['case:read', 'case:write', 'case:assign', 'citizen:identify', 'users:read'],
  team_leader: ['case:read', 'case:write', 'case:assign', 'citizen:identify', 'users:read', 'rules:preview'],
  manager: ['case:read', 'case:assign', 'citizen:identify', 'users:read', 'rules:preview'],
  analyst: ['case:read', 'rules:preview'],
  administrator: ['audit:read', 'users:read', 'rules:preview', 'policy:write'],
};

export const can = (actor: Actor, p: Permission) => GRANTS[actor.role].includes(p);

export function require(actor: Actor, p: Permission) {
  if (!can(actor, p)) throw forbidden();
}

/** Caseworkers and team leaders work in their own team; managers and analysts see the municipality. */
export const seesAllTeams = (actor: Actor) => actor.role === 'manager' || actor.role === 'analyst';

export function requireCaseAccess(actor: Actor, p: Permission, caseTeamId: number) {
  require(actor, p);
  if (!seesAllTeams(actor) && actor.teamId !== caseTeamId) throw forbidden('Sagen hører til et andet team.');
}
