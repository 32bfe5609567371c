/** The citizen's course overview of a case (issue 9): JSON for the case page, and the one-page PDF to print or hand out. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { caseIdParams } from './cases.ts';
import * as overview from '../app/courseOverview.ts';

export function courseOverviewRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Sagsbehandling'];

  // case:read on the route; the use case also asks for citizen:identify (the overview names the citizen), so analysts
  // get 403 there, and the team check refuses other teams' caseworkers.
  r.get('/api/cases/:id/course-overview', {
    config: { permission: 'case:read' },
    schema: { tags, summary: 'Borgerens forløbsoversigt: hvad sker der hvornår (samtaler, skemaer, revurdering, fast track) i et klart sprog', params: caseIdParams },
  }, (req) => overview.courseOverviewOf(ctxOf(req, deps), req.params.id));

  r.get('/api/cases/:id/course-overview.pdf', {
    config: { permission: 'case:read' },
    schema: { tags, summary: 'Forløbsoversigten som PDF på én side (tidslinje og tabel), til udskrift eller som bilag til orienteringsbrevet', params: caseIdParams },
  }, async (req, reply) => {
    const pdf = await overview.courseOverviewPdfOf(ctxOf(req, deps), req.params.id);
    // The file name names the case, never the citizen or the CPR number.
    return reply.type('application/pdf').header('content-disposition', `inline; filename="forloebsoversigt-sag${req.params.id}.pdf"`).header('cache-control', 'no-store').send(pdf);
  });
}
