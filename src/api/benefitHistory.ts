/**
 * Benefit history (issue 10, slice D): the CSV import (text/csv body, format in domain/benefitHistory.ts) and the case's
 * history with the target-group-4 screening. Accepting the proposal is `PATCH /api/cases/:id` (api/cases.ts).
 */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { caseIdParams } from './cases.ts';
import { MAX_IMPORT_BYTES } from '../domain/benefitHistory.ts';
import * as history from '../app/benefitHistory.ts';

export function benefitHistoryRoutes(app: FastifyInstance, deps: RouteDeps) {
  const tags = ['Ydelseshistorik'];

  // The CSV parser is registered in a plugin of its own, so text/csv is read only by the import route; every other
  // route still refuses a body that is not JSON (415).
  void app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) => done(null, body));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post('/api/benefit-history/import', {
      config: { permission: 'case:write' },
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        tags,
        summary: 'Importér ydelseshistorik fra en CSV-fil (semikolonsepareret, UTF-8, overskrift cpr;ydelse;fra;til;kilde). ' +
          'Alt eller intet: en fil med fejl importeres ikke, og hver fejl nævner linje og kolonne. Samme fil to gange ændrer intet.',
        consumes: ['text/csv'],
        body: z.string({ error: 'Send filen som tekst (Content-Type: text/csv)' }).max(MAX_IMPORT_BYTES, 'Filen er for stor (højst 5 MB)'),
      },
    }, async (req, reply) => {
      const result = await history.importBenefitHistory(ctxOf(req, deps), req.body);
      if (result.errorCount === 0) return reply.send(result);
      // A refused file is a problem+json 400 whose errors name line and column; the counts are all 0.
      const more = result.errorCount - result.errors.length;
      return reply.status(400).type('application/problem+json').send({
        ...result,
        type: 'https://retur.dk/problems/invalid', title: 'Ugyldige oplysninger', status: 400,
        detail: `Filen er ikke importeret: ${result.errorCount} ${result.errorCount === 1 ? 'linje har en fejl' : 'fejl'}. Ret filen og send den igen.` +
          (more > 0 ? ` De første ${result.errors.length} fejl er vist.` : ''),
        instance: '/api/benefit-history/import',
        errors: result.errors.map((e) => ({ path: 'body', line: e.line, column: e.column, message: e.message })),
      });
    });
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/cases/:id/benefit-history', {
    config: { permission: 'case:read' },
    schema: {
      tags,
      summary: 'Borgerens ydelseshistorik, antal skift mellem ydelser i screeningsperioden og forslag om målgruppe 4',
      params: caseIdParams,
    },
  }, (req) => history.caseBenefitHistory(ctxOf(req, deps), req.params.id));
}
