/**
 * Serves the React app. It is bundled by esbuild in memory the first time it is asked for (about a
 * second), so `npm start` needs no build step and nothing built is ever committed.
 */
import type { FastifyInstance } from 'fastify';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const webDir = fileURLToPath(new URL('../web/', import.meta.url));
let bundle: Promise<{ js: string; css: string; jsGz: Buffer }> | null = null;

export function bundleWeb() {
  bundle ??= build({
    entryPoints: [webDir + 'main.tsx'],
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    sourcemap: false,
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  }).then((r) => ({ js: r.outputFiles[0].text, jsGz: gzipSync(r.outputFiles[0].contents), css: readFileSync(webDir + 'styles.css', 'utf8') }));
  return bundle;
}

const html = `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>retur – sygedagpengeopfølgning</title>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<div id="root"></div>
<script type="module" src="/assets/app.js"></script>
</body>
</html>`;

export async function webRoutes(app: FastifyInstance) {
  app.get('/assets/app.js', { schema: { hide: true } }, async (req, reply) => {
    const b = await bundleWeb();
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').header('vary', 'accept-encoding');
    // The bundle is ~370 kB; gzipped once at bundling it is about a quarter of that.
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(b.jsGz);
    return reply.send(b.js);
  });
  app.get('/assets/app.css', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send((await bundleWeb()).css));
  // Every path that is not the API is the single-page app; the client router picks the page.
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    if (req.url.startsWith('/api/')) return reply.callNotFound();
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
