/**
 * What every request passes before a route sees it: security headers, a same-origin check on every state-changing
 * request (CSRF), text that PostgreSQL cannot store refused with the field named, and no caching of API answers.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { forbidden, invalid, type FieldIssue } from '../domain/errors.ts';

export interface ProtectionSettings {
  /** Origins besides the request's own host that may send state-changing requests (e.g. https://retur.kommune.dk). */
  allowedOrigins: string[];
  /** Send Strict-Transport-Security (only behind HTTPS). */
  hsts: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Browsers send Origin on every cross-site POST (and Sec-Fetch-Site on every request), whatever the content type,
 * so a form or a text/plain fetch from another site is refused here even when the route takes no body.
 * Clients that are not browsers (integrations, the CLI, curl) send neither and are not affected.
 */
export function crossSiteProblem(req: FastifyRequest, allowed: string[]): string | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (origin === 'null') return 'Forespørgslen kom fra en side uden oprindelse (Origin: null)';
    let url: URL;
    try { url = new URL(origin); } catch { return 'Forespørgslen har en ugyldig Origin'; }
    if (sameHost(url, req.host) || allowed.includes(url.origin)) return null;
    return `Forespørgslen kom fra en anden side (${url.origin})`;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'Forespørgslen kom fra en anden side';
  return null;
}

/** The Origin names the host the request went to (default ports normalised: http://retur:80 is http://retur). */
function sameHost(origin: URL, requestHost: string): boolean {
  try {
    const host = new URL(`${origin.protocol}//${requestHost}`).host;
    return origin.host === host;
  } catch { return false; }
}

/** C0 control characters other than tab, newline and carriage return; PostgreSQL refuses NUL in text outright. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** A UTF-16 surrogate without its partner cannot be encoded as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every string in a request that cannot be stored as text, by field path. */
export function unstorableText(value: unknown, path: string, issues: FieldIssue[] = []): FieldIssue[] {
  if (issues.length >= 20) return issues;
  if (typeof value === 'string') {
    if (CONTROL.test(value)) issues.push({ path, message: 'Teksten indeholder et kontroltegn (fx NUL), som ikke kan gemmes' });
    else if (LONE_SURROGATE.test(value)) issues.push({ path, message: 'Teksten indeholder et ugyldigt Unicode-tegn' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorableText(v, path ? `${path}.${i}` : String(i), issues));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (CONTROL.test(k) || LONE_SURROGATE.test(k)) issues.push({ path: p, message: 'Feltnavnet indeholder et ugyldigt tegn' });
      else unstorableText(v, p, issues);
    }
  }
  return issues;
}

export async function registerProtection(app: FastifyInstance, settings: ProtectionSettings) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React sets style properties through the DOM, which CSP allows; no inline <style> or style="" markup.
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: settings.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  // Per-route limits only (the login route sets its own): see api/auth.ts.
  await app.register(rateLimit, { global: false });

  app.addHook('onRequest', async (req) => {
    const problem = crossSiteProblem(req, settings.allowedOrigins);
    if (problem) throw forbidden(problem + '. Ændringer kan kun sendes fra retur selv.');
  });
  // After the session check (registered before this), so a refused caller learns nothing about the input.
  app.addHook('preValidation', async (req) => {
    const issues = [
      ...unstorableText(req.params, ''),
      ...unstorableText(req.query, ''),
      ...unstorableText(req.body, ''),
    ];
    if (issues.length) throw invalid(issues, 'Et eller flere felter indeholder tegn, der ikke kan gemmes.');
  });
  // Answers about citizens must not linger in browser or proxy caches.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/') && !req.url.startsWith('/api/docs')) reply.header('cache-control', 'no-store');
  });
}
