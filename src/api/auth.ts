/** /api/auth: login, logout, who am I. Logins are throttled per address here and per user name in app/auth.ts. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { login, logout, TooManyAttempts } from '../app/auth.ts';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie, type RouteDeps } from './session.ts';
import { unauthenticated } from '../domain/errors.ts';

const loginInput = z.strictObject({
  username: z.string({ error: 'Skriv dit brugernavn' }).min(1, 'Skriv dit brugernavn').max(100, 'Højst 100 tegn'),
  password: z.string({ error: 'Skriv din adgangskode' }).min(1, 'Skriv din adgangskode').max(200, 'Højst 200 tegn'),
});

export function authRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Login'];
  r.post('/api/auth/login', {
    config: {
      public: true,
      // Raw request rate per address (every attempt, right or wrong); failed attempts are limited further in app/auth.ts.
      rateLimit: { max: deps.auth.loginRequestsPerMinute, timeWindow: 60_000, errorResponseBuilder: (_req, ctx) => new TooManyAttempts(Math.ceil(ctx.ttl / 1000)) },
    },
    schema: { tags, summary: 'Log ind med brugernavn og adgangskode', body: loginInput },
  }, async (req, reply) => {
    const now = deps.clock.now();
    try {
      const { token, actor } = await login(deps.db, { ...req.body, address: req.ip, now }, deps.auth.loginLimits, deps.auth.sessions);
      setSessionCookie(reply, token, deps);
      return { user: actor, today: deps.clock.today() };
    } catch (e) {
      if (e instanceof TooManyAttempts) reply.header('retry-after', String(e.retryAfterSeconds));
      throw e;
    }
  });
  r.post('/api/auth/logout', { config: { public: true }, schema: { tags, summary: 'Log ud' } }, async (req, reply) => {
    await logout(deps.db, req.cookies[SESSION_COOKIE]);
    clearSessionCookie(reply);
    return { ok: true };
  });
  r.get('/api/auth/me', { config: { public: true }, schema: { tags, summary: 'Hvem er logget ind' } }, async (req) => {
    if (!req.actor) throw unauthenticated();
    return { user: req.actor, today: deps.clock.today() };
  });
}
