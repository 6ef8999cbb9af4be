import { createHmac, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { type Role } from '@cme/platform';

/** What infra/local/identity/local-issuer.cjs exports (a plain Node script: no types of its own). */
interface LocalIssuerModule {
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

/** Finds `relative` in the repository from this file's folder, in the sources as in any dist/ build. */
function findInRepository(relative: string): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, relative))) return path.join(dir, relative);
    if (path.dirname(dir) === dir) throw new Error(`${relative} not found above ${__dirname}`);
  }
}

let issuerModule: LocalIssuerModule | undefined;

/**
 * The local issuer, whose keys the services trust in development. Loaded from the repository at run time
 * (not imported), so that the same code works from the sources and from a dist/ build.
 */
export function localIssuer(): LocalIssuerModule {
  issuerModule ??= createRequire(__filename)(
    findInRepository('infra/local/identity/local-issuer.cjs'),
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

let strangerKey: KeyObject | undefined;
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Tokens every service must refuse with 401, each for one reason; all carry every role, so that only
 * the token's fault can explain a refusal.
 */
export const REFUSED_TOKENS = {
  expired: (id: string) => {
    const now = Math.floor(Date.now() / 1000);
    return localIssuer().mintToken(
      { sub: id, roles: ['practitioner', 'staff', 'admin'] },
      { iat: now - 7200, nbf: now - 7200, exp: now - 3600 },
    );
  },
  wrongAudience: (id: string) =>
    localIssuer().mintToken({ sub: id, roles: ['practitioner', 'staff', 'admin'] }, { aud: 'another-api' }),
  wrongIssuer: (id: string) =>
    localIssuer().mintToken(
      { sub: id, roles: ['practitioner', 'staff', 'admin'] },
      { iss: 'https://issuer.example.org' },
    ),
  /** Signed by another key under the local key's `kid`. */
  badSignature: (id: string) => {
    strangerKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const { kid } = localIssuer().ensureLocalIssuer();
    return localIssuer().signJwt({ alg: 'RS256', typ: 'JWT', kid }, claimsOf(id), strangerKey);
  },
  /** Unsecured: `alg: none` and no signature. */
  algNone: (id: string) => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claimsOf(id))}.`,
  /** HS256 keyed with the issuer's public key: the classic algorithm-confusion forgery. */
  hmacWithPublicKey: (id: string) => {
    const { kid, privateKey } = localIssuer().ensureLocalIssuer();
    const input = `${base64url({ alg: 'HS256', typ: 'JWT', kid })}.${base64url(claimsOf(id))}`;
    const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
    return `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
  },
} satisfies Record<string, (id: string) => string>;

export type RefusedToken = keyof typeof REFUSED_TOKENS;

/** The claims of a valid all-roles token, for forging variants of it. */
function claimsOf(id: string): Record<string, unknown> {
  const token = callerToken(id, ['practitioner', 'staff', 'admin']);
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}
