/** Builds the HTTP server: API routes, OpenAPI, the web app, errors as problem+json. */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import * as z from 'zod';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Database } from '../db/engine.ts';
import { problemHandler, toProblem } from './problem.ts';
import { closePlannerPool } from '../app/plannerPool.ts';
import { registerSession, type AuthSettings, type RouteDeps } from './session.ts';
import { registerProtection } from './protection.ts';
import { DEFAULT_LOGIN_LIMITS, DEFAULT_SESSION_POLICY } from '../app/auth.ts';
import { oidcRoutes, type OidcSettings } from './oidc.ts';
import { privacyRoutes } from './privacy.ts';
import { caseRoutes } from './cases.ts';
import { authRoutes } from './auth.ts';
import { adminRoutes } from './admin.ts';
import { webRoutes } from './web.ts';
import { redactCpr } from './redact.ts';
import { systemClock, type Clock } from '../clock.ts';
import { VERSION } from '../version.ts';
import { ruleRoutes } from './rules.ts';
import { workspaceRoutes } from './workspace.ts';
import { meetingRecordRoutes } from './meetingRecords.ts';
import { calendarRoutes } from './calendar.ts';
import { groupSessionRoutes } from './groupSessions.ts';
import { outboxRoutes } from './outbox.ts';
import { inquiryRoutes } from './inquiries.ts';
import { letterRoutes } from './letters.ts';
import { courseOverviewRoutes } from './courseOverview.ts';
import { pathwayRoutes } from './pathways.ts';
import { employerRoutes } from './employers.ts';
import { complaintRoutes } from './complaints.ts';
import { benefitHistoryRoutes } from './benefitHistory.ts';
import { lawRoutes } from './lawRoutes.ts';
import { analyticsRoutes } from './analytics.ts';
import { reportRoutes } from './reports.ts';
import { benchmarkRoutes } from './benchmarks.ts';
import { trialRoutes } from './trials.ts';
import { economicsRoutes } from './economics.ts';
import { eventRoutes } from './events.ts';
import { inboundMailRoutes } from './inboundMail.ts';
import { letterTemplateRoutes } from './letterTemplates.ts';

export interface ServerOptions {
  db: Database;
  /** Sessions, login limits, secure cookies; defaults from app/auth.ts. */
  auth?: Partial<AuthSettings>;
  /** Origins allowed to send changes besides the server's own host (RETUR_PUBLIC_URL). */
  allowedOrigins?: string[];
  /** Single sign-on through OpenID Connect, when configured. */
  oidc?: OidcSettings;
  /** pino options or false; request URLs are CPR-redacted. */
  logger?: boolean | { level?: string; stream?: NodeJS.WritableStream };
  /** The one clock (src/clock.ts); tests pass a manual one. */
  clock?: Clock;
  web?: boolean;
  trustProxy?: boolean | string;
  /** Bearer token the SMS provider's delivery receipts must carry (RETUR_SMS_TOKEN, or the stand-in's). */
  smsReceiptToken?: string;
  /**
   * The demo's local stand-ins: `/dev/<name>` on the app redirects to the stand-in's own page (e.g. the letters the
   * Digital Post stand-in received at /dev/digital-post). Never set with real providers.
   */
  devPages?: Record<string, string>;
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
  // trustProxy: behind the municipality's reverse proxy, req.ip and req.host come from X-Forwarded-* (RETUR_TRUST_PROXY).
  const app = Fastify({
    logger: loggerOpts as never, bodyLimit: 1_000_000, trustProxy: opts.trustProxy ?? false,
    // Errors the router raises before any route (a URL that cannot be decoded) are problem+json too.
    frameworkErrors: (err, req, reply) => { const p = toProblem(err, req as FastifyRequest); void (reply as FastifyReply).status(p.status).type('application/problem+json').send(p); },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).type('application/problem+json').send({ type: 'https://retur.dk/problems/not-found', title: 'Findes ikke', status: 404, detail: `Ingen side på ${redactCpr(req.url.split('?')[0])}` }));

  const auth: AuthSettings = {
    sessions: opts.auth?.sessions ?? DEFAULT_SESSION_POLICY,
    loginLimits: opts.auth?.loginLimits ?? DEFAULT_LOGIN_LIMITS,
    loginRequestsPerMinute: opts.auth?.loginRequestsPerMinute ?? 60,
    secureCookies: opts.auth?.secureCookies ?? false,
  };
  await app.register(cookie);
  await registerProtection(app, { allowedOrigins: opts.allowedOrigins ?? [], hsts: auth.secureCookies });
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

  const deps: RouteDeps = { db: opts.db, clock: opts.clock ?? systemClock(), auth };
  app.setErrorHandler(problemHandler(deps));
  app.addHook('onClose', async () => { await closePlannerPool(); });
  // Every API route says who may call it; a route without a policy stops the server from starting.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const c = route.config as { public?: boolean; permission?: string; anyRole?: boolean } | undefined;
    if (!c?.public && !c?.permission && !c?.anyRole) throw new Error(`${route.method} ${route.url} has no access policy: set config.permission, config.anyRole or config.public`);
  });
  registerSession(app, deps);

  app.get('/api/health', { config: { public: true }, schema: { tags: ['Drift'], summary: 'Sundhedstjek', response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']), version: z.string() }) } } }, async () => {
    await opts.db.query('SELECT 1');
    return { status: 'ok', database: opts.db.engine, version: VERSION };
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  authRoutes(app, deps);
  await oidcRoutes(app, deps, opts.oidc);
  privacyRoutes(app, deps);
  caseRoutes(app, deps);
  adminRoutes(app, deps);
  ruleRoutes(app, deps);
  workspaceRoutes(app, deps);
  meetingRecordRoutes(app, deps);
  inquiryRoutes(app, deps);
  inboundMailRoutes(app, deps);
  groupSessionRoutes(app, deps);
  letterTemplateRoutes(app, deps);
  letterRoutes(app, deps);
  courseOverviewRoutes(app, deps);
  pathwayRoutes(app, deps);
  employerRoutes(app, deps);
  complaintRoutes(app, deps);
  benefitHistoryRoutes(app, deps);
  lawRoutes(app, deps);
  analyticsRoutes(app, deps);
  reportRoutes(app, deps);
  benchmarkRoutes(app, deps);
  trialRoutes(app, deps);
  economicsRoutes(app, deps);
  eventRoutes(app, deps);
  outboxRoutes(app, deps, { receiptToken: opts.smsReceiptToken });
  calendarRoutes(app, { ...deps, publicUrl: opts.allowedOrigins?.[0] });
  for (const [name, target] of Object.entries(opts.devPages ?? {})) {
    app.get(`/dev/${name}`, { config: { public: true }, schema: { hide: true } }, (_req, reply) => reply.redirect(target));
  }
  if (opts.web !== false) await webRoutes(app);
  return app;
}
