/** /api/admin/privacy: the citizen's right of access (GDPR art. 15) and the retention run (art. 5(1)(e)). Administrators only. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { cprSchema, isoDate } from '../domain/caseFields.ts';
import { citizenExportPdf, exportCitizen } from '../app/privacy/citizenExport.ts';
import { applyRetention, previewRetention } from '../app/privacy/retention.ts';

const tags = ['Persondata'];

// The CPR number goes in the body, never in the URL, so it reaches no access log.
const exportBody = z.strictObject({
  cpr: cprSchema,
  format: z.enum(['json', 'pdf'], { error: 'Formatet skal være json eller pdf' }).optional(),
});

const cutoffs = z.strictObject({
  casesExitedBefore: isoDate,
  notesExitedBefore: isoDate,
  auditBefore: isoDate,
  sessionsBefore: isoDate,
  loginFailuresBefore: isoDate,
  discardedMailBefore: isoDate,
}, { error: 'Send skæringstidspunkterne fra prøvekørslen' });

export function privacyRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { permission: 'privacy:admin' as const };

  r.post('/api/admin/privacy/export', {
    config,
    schema: { tags, summary: 'Alt om én borger (indsigt efter art. 15) som JSON eller PDF', body: exportBody },
  }, async (req, reply) => {
    const data = await exportCitizen(ctxOf(req, deps), req.body);
    const name = `indsigt-borger-${String(data.citizen.id)}`; // the file name carries no CPR number
    if (req.body.format === 'pdf') {
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).header('cache-control', 'no-store').send(await citizenExportPdf(data));
    }
    return reply.header('content-disposition', `attachment; filename="${name}.json"`).header('cache-control', 'no-store').send(data);
  });

  r.post('/api/admin/privacy/retention/preview', {
    config,
    // Takes nothing; an empty object (or no body) is accepted, anything else is named as unknown.
    schema: { tags, summary: 'Prøvekørsel: hvad sletning efter opbevaringsperioderne ville fjerne (uden CPR-numre og navne)', body: z.strictObject({}).nullish() },
  }, (req) => previewRetention(ctxOf(req, deps)));

  r.post('/api/admin/privacy/retention/apply', {
    config,
    schema: { tags, summary: 'Slet og anonymiser efter opbevaringsperioderne, med skæringstidspunkterne fra prøvekørslen', body: z.strictObject({ cutoffs }) },
  }, (req) => applyRetention(ctxOf(req, deps), req.body));
}
