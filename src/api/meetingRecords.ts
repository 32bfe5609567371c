/** Minutes of held meetings (printable for the citizen, and for the employer without health notes) and return-to-work agreements. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { caseIdParams } from './cases.ts';
import { idParam } from '../domain/caseFields.ts';
import * as M from '../domain/minutes.ts';
import * as records from '../app/meetingRecords.ts';

export function meetingRecordRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Sagsbehandling'];
  const meetingParams = caseIdParams.extend({ meetingId: idParam('Samtalen') });

  r.post('/api/cases/:id/meetings/:meetingId/minutes', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Skriv referat af en holdt samtale (skabelon efter samtaleform)', params: meetingParams, body: M.minutesInput },
  }, (req) => records.writeMinutes(ctxOf(req, deps), req.params.id, req.params.meetingId, req.body));

  r.get('/api/cases/:id/meetings/:meetingId/minutes.pdf', {
    config: { permission: 'case:read' },
    schema: {
      tags, summary: 'Referatet som PDF til borgeren, eller til arbejdsgiveren uden helbredsoplysninger (virksomhedsbesøg og rundbordssamtaler)',
      params: meetingParams,
      querystring: z.strictObject({ for: z.enum(['citizen', 'employer'], { error: 'Vælg borger eller arbejdsgiver' }).optional() }),
    },
  }, async (req, reply) => {
    const doc = await records.minutesForPrint(ctxOf(req, deps), req.params.id, req.params.meetingId, req.query.for ?? 'citizen');
    const name = `referat-sag${req.params.id}-samtale${req.params.meetingId}${doc.audience === 'employer' ? '-arbejdsgiver' : ''}.pdf`;
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}"`).header('cache-control', 'no-store').send(await records.minutesPdf(doc));
  });

  r.post('/api/cases/:id/return-to-work', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Registrér en aftale om gradvis tilbagevenden (timer pr. uge over tid); dagens timer går ind i sagens fakta', params: caseIdParams, body: M.returnToWorkInput },
  }, async (req, reply) => reply.status(201).send(await records.recordReturnToWork(ctxOf(req, deps), req.params.id, req.body)));

  r.get('/api/cases/:id/return-to-work', {
    config: { permission: 'case:read' },
    schema: { tags, summary: 'Sagens aftaler om gradvis tilbagevenden', params: caseIdParams },
  }, (req) => records.listReturnPlans(ctxOf(req, deps), req.params.id));
}
