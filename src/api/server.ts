/** Builds the HTTP server: API routes, OpenAPI, the web app, errors as problem+json. */
import Fastify, { type FastifyInstance } from 'fastify';
import * as z from 'zod';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Database } from '../db/engine.ts';
import { sendProblem } from './problem.ts';
import { registerSession, type RouteDeps } from './session.ts';
import { caseRoutes } from './cases.ts';
import { authRoutes } from './auth.ts';
import { adminRoutes } from './admin.ts';
import { webRoutes } from './web.ts';
import { redactCpr } from './redact.ts';
import { todayInDenmark, type IsoDate } from '../domain/dates.ts';
import { VERSION } from '../version.ts';
import { ruleRoutes } from './rules.ts';
import { workspaceRoutes } from './workspace.ts';

export interface ServerOptions {
  db: Database;
  /** pino options or false; request URLs are CPR-redacted. */
  logger?: boolean | { level?: string; stream?: NodeJS.WritableStream };
  today?: () => IsoDate;
  secureCookies?: boolean;
  web?: boolean;
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const loggerOpts = opts.logger === false || opts.logger === undefined
    ? false
    : {
        level: (typeof opts.logger === 'object' && opts.logger.level) || 'info',
        ...(typeof opts.logger === 'object' && opts.logger.stream ? { stream: opts.logger.stream } : {}),
        serializers: {
          req: (req: { method: string; url: string }) => ({ method: req.method, url: redactCpr(req.url) }),
        },
      };
  const app = Fastify({ logger: loggerOpts as never, bodyLimit: 1_000_000 });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, req, reply) => sendProblem(err, req, reply));
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).type('application/problem+json').send({ type: 'https://retur.dk/problems/not-found', title: 'Findes ikke', status: 404, detail: `Ingen side på ${redactCpr(req.url.split('?')[0])}` }));

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'retur API', version: VERSION, description: 'Opfølgning på sygedagpengesager. Fejl returneres som RFC 9457 problem+json.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'retur_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const deps: RouteDeps = { db: opts.db, today: opts.today ?? (() => todayInDenmark()) };
  registerSession(app, opts.db);

  app.get('/api/health', { config: { public: true }, schema: { tags: ['Drift'], summary: 'Sundhedstjek', response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']), version: z.string() }) } } }, async () => {
    await opts.db.query('SELECT 1');
    return { status: 'ok', database: opts.db.engine, version: VERSION };
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  authRoutes(app, deps, { secureCookies: opts.secureCookies ?? false });
  caseRoutes(app, deps);
  adminRoutes(app, deps);
  ruleRoutes(app, deps);
  workspaceRoutes(app, deps);
  if (opts.web !== false) await webRoutes(app);
  return app;
}
