/** Klager og ankesager (issue 10, slice C): register and list on the case, the reassessment, Ankestyrelsen's result, the figures. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { caseIdParams } from './cases.ts';
import { idParam } from '../domain/caseFields.ts';
import * as K from '../domain/complaints.ts';
import * as complaints from '../app/complaints.ts';

export function complaintRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Klager'];
  const complaintParams = z.strictObject({ id: idParam('Klagen') });

  r.post('/api/cases/:id/complaints', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Registrér en klage over en afgørelse; giver klagefristen (4 uger) og kommunens frist for genvurdering (4 uger)', params: caseIdParams, body: K.registerComplaintInput },
  }, async (req, reply) => reply.status(201).send(await complaints.registerComplaint(ctxOf(req, deps), req.params.id, req.body)));

  r.get('/api/cases/:id/complaints', {
    config: { permission: 'case:read' },
    schema: { tags, summary: 'Sagens klager med frister og status (fritekst skjult for roller uden adgang til borgerens identitet)', params: caseIdParams },
  }, (req) => complaints.listComplaints(ctxOf(req, deps), req.params.id));

  r.post('/api/complaints/:id/reassessment', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Registrér kommunens genvurdering: ændret (fuldt medhold), fastholdt eller delvist ændret og sendt til Ankestyrelsen', params: complaintParams, body: K.reassessmentInput },
  }, (req) => complaints.recordReassessment(ctxOf(req, deps), req.params.id, req.body));

  r.post('/api/complaints/:id/board-result', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Registrér Ankestyrelsens afgørelse på en klage, kommunen har sendt videre', params: complaintParams, body: K.boardResultInput },
  }, (req) => complaints.recordBoardResult(ctxOf(req, deps), req.params.id, req.body));

  // Figures: roles with both rules:preview and case:read (team leaders their team, managers and analysts all).
  r.get('/api/analytics/complaints', {
    config: { permission: 'rules:preview' },
    schema: { tags, summary: 'Klager pr. måned og klagegrund, andel genvurderet inden for 4 uger, udfald og Ankestyrelsens afgørelser for klager modtaget i perioden', querystring: K.figuresQuery },
  }, (req) => complaints.complaintFigures(ctxOf(req, deps), req.query));
}
