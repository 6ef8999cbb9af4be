import { type FastifyRequest } from 'fastify';

import { type CreditsConfig } from '../credits-config';

/**
 * The address clients reach the service at: PUBLIC_URL (required in production), else the request's own
 * scheme and Host, which on a developer's machine is the address the caller used.
 */
export function publicBaseUrl(config: Pick<CreditsConfig, 'PUBLIC_URL'>, request: FastifyRequest): string {
  return config.PUBLIC_URL ?? `${request.protocol}://${request.host}`;
}
