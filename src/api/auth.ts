/** /api/auth: login, logout, who am I. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { login, logout, SESSION_HOURS } from '../app/auth.ts';
import { SESSION_COOKIE, type RouteDeps } from './session.ts';
import { unauthenticated } from '../domain/errors.ts';

const loginInput = z.object({
  username: z.string({ error: 'Skriv dit brugernavn' }).min(1, 'Skriv dit brugernavn').max(100),
  password: z.string({ error: 'Skriv din adgangskode' }).min(1, 'Skriv din adgangskode').max(200),
});

export function authRoutes(app: FastifyInstance, deps: RouteDeps, opts: { secureCookies: boolean }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Login'];
  r.post('/api/auth/login', { config: { public: true }, schema: { tags, body: loginInput } }, async (req, reply) => {
    const { token, actor } = await login(deps.db, req.body.username, req.body.password);
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: SESSION_HOURS * 3600 });
    return { user: actor, today: deps.today() };
  });
  r.post('/api/auth/logout', { config: { public: true }, schema: { tags } }, async (req, reply) => {
    await logout(deps.db, req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  r.get('/api/auth/me', { config: { public: true }, schema: { tags } }, async (req) => {
    if (!req.actor) throw unauthenticated();
    return { user: req.actor, today: deps.today() };
  });
}
