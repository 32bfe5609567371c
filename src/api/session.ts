/** Resolves the logged-in actor from the session cookie and builds the use-case context. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/engine.ts';
import { actorForSession } from '../app/auth.ts';
import type { Actor } from '../domain/permissions.ts';
import type { Ctx } from '../app/context.ts';
import { unauthenticated } from '../domain/errors.ts';
import { require, type Permission } from '../domain/permissions.ts';
import type { IsoDate } from '../domain/dates.ts';

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
  }
}

/** Who is calling, and may they call this route at all: decided before validation. */
export function registerSession(app: FastifyInstance, db: Database) {
  app.decorateRequest('actor', null);
  app.addHook('preValidation', async (req) => {
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs') || req.is404 || req.routeOptions.url === '/*') return;
    req.actor = await actorForSession(db, req.cookies[SESSION_COOKIE]);
    if (req.routeOptions.config?.public) return;
    if (!req.actor) throw unauthenticated();
    const permission = req.routeOptions.config?.permission;
    if (permission) require(req.actor, permission);
  });
}

export interface RouteDeps {
  db: Database;
  today: () => IsoDate;
}

/** The context for a logged-in request; 401 if nobody is logged in. */
export function ctxOf(req: FastifyRequest, deps: RouteDeps): Ctx {
  if (!req.actor) throw unauthenticated();
  return { db: deps.db, actor: req.actor, endpoint: `${req.method} ${req.routeOptions.url}`, today: deps.today() };
}
