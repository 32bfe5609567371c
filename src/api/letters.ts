/** Letters on a case (issue 9): create (draft or approved), approve, send a held decision now, cancel, list, PDF; the daily print batch. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { caseIdParams } from './cases.ts';
import { idParam } from '../domain/caseFields.ts';
import * as L from '../domain/letters.ts';
import * as letters from '../app/letters.ts';

export function letterRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Breve'];
  const letterParams = z.strictObject({ id: idParam('Brevet') });

  r.post('/api/cases/:id/letters', {
    config: { permission: 'case:write' },
    schema: {
      tags, params: caseIdParams, body: L.createLetterInput,
      summary: 'Lav et brev fra en skabelon (udkast, eller godkendt til afsendelse med approve: true). Afgørelser godkendt en fredag eller dagen før en lukkedag holdes til næste tilladte dag, medmindre sendNowReason er udfyldt',
    },
  }, async (req, reply) => reply.status(201).send(await letters.createLetter(ctxOf(req, deps), req.params.id, req.body)));

  r.get('/api/cases/:id/letters', {
    config: { permission: 'case:read' },
    schema: { tags, summary: 'Sagens breve med afsendelsesstatus (teksten skjult for roller uden adgang til borgerens identitet)', params: caseIdParams },
  }, (req) => letters.listLetters(ctxOf(req, deps), req.params.id));

  r.post('/api/letters/:id/approve', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Godkend et udkast til afsendelse', params: letterParams, body: L.approveLetterInput },
  }, (req) => letters.approveLetter(ctxOf(req, deps), req.params.id, req.body));

  r.post('/api/letters/:id/send-now', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Send en tilbageholdt afgørelse nu; kræver en begrundelse, som tælles i ugens resultater', params: letterParams, body: L.sendNowInput },
  }, (req) => letters.sendLetterNow(ctxOf(req, deps), req.params.id, req.body));

  r.post('/api/letters/:id/cancel', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Annullér et udkast eller et godkendt brev, der ikke er sendt endnu', params: letterParams, body: L.cancelLetterInput },
  }, (req) => letters.cancelLetter(ctxOf(req, deps), req.params.id, req.body));

  r.get('/api/letters/:id/pdf', {
    config: { permission: 'case:read' },
    schema: { tags, summary: 'Brevet som PDF', params: letterParams },
  }, async (req, reply) => {
    const { pdf } = await letters.letterPdfOf(ctxOf(req, deps), req.params.id);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="brev-${req.params.id}.pdf"`).send(pdf);
  });

  r.get('/api/print-batches', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Printkørsler til borgere fritaget for Digital Post, og hvor mange breve der venter' },
  }, (req) => letters.listPrintBatches(ctxOf(req, deps)));

  r.post('/api/print-batches', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Lav dagens printkørsel nu (den daglige kørsel gør det ellers selv)' },
  }, async (req, reply) => {
    const b = await letters.printBatchNow(ctxOf(req, deps));
    return reply.status(b?.created ? 201 : 200).send(b ?? { id: null, letters: 0, created: false });
  });

  r.get('/api/print-batches/:id/pdf', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Printkørslen som én PDF', params: z.strictObject({ id: idParam('Printkørslen') }) },
  }, async (req, reply) =>
    reply.type('application/pdf').header('content-disposition', `inline; filename="printkoersel-${req.params.id}.pdf"`).send(await letters.printBatchPdfOf(ctxOf(req, deps), req.params.id)));
}
