/** /api/auth/oidc: single sign-on through the municipality's OpenID Connect provider (filled in by the SSO work). */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './session.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** Where the provider sends the user back: https://retur.kommune.dk/api/auth/oidc/callback */
  redirectUri: string;
}

export async function oidcRoutes(_app: FastifyInstance, _deps: RouteDeps, _settings: OidcSettings | undefined): Promise<void> {}
