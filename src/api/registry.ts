import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './session.ts';

/** Route groups added by later capabilities (rules, worklist, …), registered in buildServer. */
export const extraRoutes: ((app: FastifyInstance, deps: RouteDeps) => void)[] = [];
