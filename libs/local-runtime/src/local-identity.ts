import { type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';

import { type Role } from '@cme/platform';

import { REPO_ROOT } from './repository-root';

/** What infra/local/identity/local-issuer.cjs exports (a plain Node script: no types of its own). */
export interface LocalIssuerModule {
  ensureLocalIssuer(): {
    issuer: string;
    audience: string;
    jwksUrl: string;
    kid: string;
    privateKey: KeyObject;
  };
  signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, privateKey: KeyObject): string;
  mintToken(
    claims: { sub: string; roles: readonly string[]; email?: string; name?: string; ttlSeconds?: number },
    overrides?: Record<string, unknown>,
  ): string;
}

let issuerModule: LocalIssuerModule | undefined;

/**
 * The local issuer, whose keys the services trust in development. Loaded from the repository at run time
 * (not imported), so that the same code works from the sources and from a dist/ build.
 */
export function localIssuer(): LocalIssuerModule {
  issuerModule ??= createRequire(__filename)(
    path.join(REPO_ROOT, 'infra/local/identity/local-issuer.cjs'),
  ) as LocalIssuerModule;
  return issuerModule;
}

/**
 * Where a service finds the local issuer's keys (created if missing). The issuer and audience are the
 * services' defaults already, so every integration test also proves those defaults right.
 */
export function localIdentityEnv(): { AUTH_JWKS_URL: string } {
  return { AUTH_JWKS_URL: localIssuer().ensureLocalIssuer().jwksUrl };
}

/** A bearer token of the local issuer for `id` (the `sub`) with these roles; valid for an hour by default. */
export function callerToken(
  id: string,
  roles: readonly Role[],
  extra: { email?: string; name?: string; ttlSeconds?: number } = {},
) {
  return localIssuer().mintToken({ sub: id, roles, ...extra });
}

/** Request headers of a caller, for supertest's `.set()` or fetch's `headers`. */
export function asCaller(id: string, roles: readonly Role[], extra: { email?: string; name?: string } = {}) {
  return { authorization: `Bearer ${callerToken(id, roles, extra)}` };
}

export const asStaff = (id = 'staff-1') => asCaller(id, ['staff']);

export const asAdmin = (id = 'admin-1') => asCaller(id, ['admin']);

export const asPractitioner = (id: string, email?: string, name?: string) =>
  asCaller(id, ['practitioner'], { email, name });
