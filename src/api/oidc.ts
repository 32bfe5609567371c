/**
 * /api/auth/oidc: single sign-on through the municipality's OpenID Connect provider (app/oidc.ts does the work).
 * The login and callback routes are browser navigations, so every outcome is a redirect: to the provider, to '/'
 * with a session, or to '/?sso=fejl&grund=…' where the login page explains the refusal in Danish.
 */
import * as z from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { beginOidcLogin, completeOidcLogin, createOidcClient, PENDING_LOGIN_MINUTES, SsoRefused, type OidcSettings, type SsoRefusalReason } from '../app/oidc.ts';
import { setSessionCookie, type RouteDeps } from './session.ts';
import { DomainError } from '../domain/errors.ts';

// The settings live in the app layer (app/oidc.ts reads them from the environment); server.ts imports them from here.
export type { OidcSettings } from '../app/oidc.ts';

/** The browser's key to its pending login: only sent back to the callback, gone after it. */
const PENDING_COOKIE = 'retur_oidc';
const PENDING_PATH = '/api/auth/oidc';

const failTo = (reason: SsoRefusalReason) => `/?sso=fejl&grund=${reason}`;

export async function oidcRoutes(app: FastifyInstance, deps: RouteDeps, settings: OidcSettings | undefined): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Login'];
  const client = settings ? createOidcClient(settings) : null;

  const refuse = (reply: FastifyReply, e: unknown, log: FastifyInstance['log']) => {
    if (!(e instanceof SsoRefused)) throw e;
    // Why, for the operator: reason code and organisation-level details (role/team names), never who it was.
    log.warn({ sso: { reason: e.reason, ...e.logDetails } }, 'single sign-on refused');
    return reply.redirect(failTo(e.reason), 302);
  };

  r.get('/api/auth/oidc', {
    config: { public: true },
    schema: { tags, summary: 'Er log ind med kommunens login slået til?', response: { 200: z.object({ enabled: z.boolean() }) } },
  }, async () => ({ enabled: client !== null }));

  r.get('/api/auth/oidc/login', {
    config: {
      public: true,
      // Each start writes a pending login: bounded per address like the password login.
      rateLimit: { max: deps.auth.loginRequestsPerMinute, timeWindow: 60_000, errorResponseBuilder: () => new DomainError('too-many', 'For mange login-forsøg fra din adresse. Vent et minut, og prøv igen.') },
    },
    schema: { tags, summary: 'Log ind med kommunens login (viderestiller til udbyderen med PKCE, state og nonce)' },
  }, async (req, reply) => {
    if (!client) return reply.redirect(failTo('ikke-sat-op'), 302);
    try {
      const { url, key } = await beginOidcLogin(deps.db, client, deps.clock.now());
      reply.setCookie(PENDING_COOKIE, key, { path: PENDING_PATH, httpOnly: true, sameSite: 'lax', secure: deps.auth.secureCookies, maxAge: PENDING_LOGIN_MINUTES * 60 });
      return reply.redirect(url.href, 302);
    } catch (e) {
      return refuse(reply, e, req.log);
    }
  });

  r.get('/api/auth/oidc/callback', {
    config: { public: true },
    schema: { tags, summary: 'Kommunens login sender brugeren tilbage hertil' },
  }, async (req, reply) => {
    if (!client) return reply.redirect(failTo('ikke-sat-op'), 302);
    const key = req.cookies[PENDING_COOKIE];
    reply.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
    const q = req.url.indexOf('?');
    try {
      const { token } = await completeOidcLogin(deps.db, client, {
        key, query: q >= 0 ? req.url.slice(q) : '', now: deps.clock.now(), sessions: deps.auth.sessions, endpoint: `${req.method} ${req.routeOptions.url}`,
      });
      setSessionCookie(reply, token, deps);
      return reply.redirect('/', 302);
    } catch (e) {
      return refuse(reply, e, req.log);
    }
  });
}
