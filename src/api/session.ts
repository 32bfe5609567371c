/** Resolves the logged-in actor from the session cookie and builds the use-case context. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/engine.ts';
import { actorForSession, type LoginLimits, type SessionPolicy } from '../app/auth.ts';
import type { Actor } from '../domain/permissions.ts';
import type { Ctx } from '../app/context.ts';
import { unauthenticated } from '../domain/errors.ts';
import { require, type Permission } from '../domain/permissions.ts';
import { todayInDenmark } from '../domain/dates.ts';
import type { Clock } from '../clock.ts';

export const SESSION_COOKIE = 'retur_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Routes anyone may call without logging in. */
    public?: boolean;
    /** The permission a route needs, checked before the body is validated (so a refused caller learns nothing). */
    permission?: Permission;
    /** Routes any logged-in user may call (the rules calculators): said out loud, so no route is open by accident. */
    anyRole?: boolean;
  }
}

export interface AuthSettings {
  sessions: SessionPolicy;
  loginLimits: LoginLimits;
  /** Login requests per address per minute, right or wrong. */
  loginRequestsPerMinute: number;
  /** Mark the session cookie Secure (behind HTTPS). */
  secureCookies: boolean;
}

export interface RouteDeps {
  db: Database;
  clock: Clock;
  auth: AuthSettings;
}

/** Who is calling, and may they call this route at all: decided before validation. */
export function registerSession(app: FastifyInstance, deps: RouteDeps) {
  app.decorateRequest('actor', null);
  app.addHook('preValidation', async (req) => {
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs') || req.is404 || req.routeOptions.url === '/*') return;
    req.actor = await actorForSession(deps.db, req.cookies[SESSION_COOKIE], deps.clock.now(), deps.auth.sessions);
    if (req.routeOptions.config?.public) return;
    if (!req.actor) throw unauthenticated();
    const permission = req.routeOptions.config?.permission;
    if (permission) require(req.actor, permission);
  });
}

export function setSessionCookie(reply: FastifyReply, token: string, deps: RouteDeps) {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.auth.secureCookies, maxAge: deps.auth.sessions.absoluteHours * 3600 });
}
export const clearSessionCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/' });

/** The context for a logged-in request; 401 if nobody is logged in. */
export function ctxOf(req: FastifyRequest, deps: RouteDeps): Ctx {
  if (!req.actor) throw unauthenticated();
  const now = deps.clock.now();
  return { db: deps.db, actor: req.actor, endpoint: `${req.method} ${req.routeOptions.url}`, today: todayInDenmark(now), now };
}
