/**
 * Pathways and interventions (issue 10, slice A): the six pathways (configuration), assigning one on a case, the
 * intervention catalogue and orders, a return-to-work plan's goal and milestones, and the activation share.
 */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { caseIdParams } from './cases.ts';
import { idParam } from '../domain/caseFields.ts';
import * as P from '../domain/pathways.ts';
import * as pathways from '../app/pathways.ts';

export function pathwayRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Forløb og indsatser'];
  // Any id: one that is not a pathway (1-6) is not found, so a wrong body is still named field by field.
  const pathwayParams = z.strictObject({ id: idParam('Borgerforløbet') });
  const orderParams = z.strictObject({ id: idParam('Indsatsen') });
  const planParams = z.strictObject({ id: idParam('Aftalen') });

  // Configuration without personal data (like the letter templates): every role reads it, administrators edit it.
  r.get('/api/pathways', {
    config: { anyRole: true },
    schema: { tags, summary: 'De seks borgerforløb med målgruppe, indsatsmodel, passende indsatstyper og tilbud fra SUF og SOF' },
  }, (req) => pathways.listPathways(ctxOf(req, deps)));

  r.get('/api/pathways/:id/versions', {
    config: { anyRole: true },
    schema: { tags, summary: 'Et borgerforløbs versioner, nyeste først, med begrundelse', params: pathwayParams },
  }, (req) => pathways.pathwayHistory(ctxOf(req, deps), req.params.id));

  r.post('/api/pathways/:id', {
    config: { permission: 'policy:write' },
    schema: { tags, summary: 'Ret et borgerforløb (navn, målgruppe, trin, indsatser) med begrundelse; tidligere versioner gemmes', params: pathwayParams, body: P.editPathwayInput },
  }, (req) => pathways.editPathway(ctxOf(req, deps), req.params.id, req.body));

  r.post('/api/cases/:id/pathway', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Visitér sagen til et borgerforløb (kræver version); forløbets trin oprettes som opgaver', params: caseIdParams, body: P.assignPathwayInput },
  }, (req) => pathways.assignPathway(ctxOf(req, deps), req.params.id, req.body));

  r.get('/api/cases/:id/pathway', {
    config: { permission: 'case:read' },
    schema: { tags, summary: 'Sagens borgerforløb og indsatsmodel, forløbene ordnet efter hvor godt de passer, og aftaler om tilbagevenden med mål og delmål', params: caseIdParams },
  }, (req) => pathways.casePathway(ctxOf(req, deps), req.params.id));

  r.get('/api/interventions/catalogue', {
    config: { anyRole: true },
    schema: { tags, summary: 'Indsatskataloget: indsatstyper, leverandører og deres pakker med priser' },
  }, (req) => pathways.catalogue(ctxOf(req, deps)));

  r.post('/api/cases/:id/interventions', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Bestil en pakke hos en leverandør med start- og slutdato', params: caseIdParams, body: P.orderInterventionInput },
  }, async (req, reply) => reply.status(201).send(await pathways.orderIntervention(ctxOf(req, deps), req.params.id, req.body)));

  r.get('/api/cases/:id/interventions', {
    config: { permission: 'case:read' },
    schema: { tags, summary: 'Sagens bestilte indsatser med status og resultat (note skjult for roller uden adgang til borgerens identitet)', params: caseIdParams },
  }, (req) => pathways.listOrders(ctxOf(req, deps), req.params.id));

  r.post('/api/interventions/:id/status', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Sæt en indsats i gang, gennemfør den med resultat, eller annullér den', params: orderParams, body: P.orderStatusInput },
  }, (req) => pathways.changeOrderStatus(ctxOf(req, deps), req.params.id, req.body));

  r.post('/api/return-to-work/:id/goal', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Sæt mål og delmål for en aftale om gradvis tilbagevenden', params: planParams, body: P.returnGoalInput },
  }, (req) => pathways.setReturnGoal(ctxOf(req, deps), req.params.id, req.body));

  // Aggregates per target group: roles with rules:preview and case:read (checked in the use case), as the inquiry figures.
  r.get('/api/analytics/activation', {
    config: { permission: 'rules:preview' },
    schema: { tags, summary: 'Aktiveringsgrad: andel af åbne sager med en igangværende indsats på dagen, pr. målgruppe', querystring: P.activationQuery },
  }, (req) => pathways.activation(ctxOf(req, deps), req.query.date));
}
