import { createPublicKey } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  importSPKI,
  type JWTVerifyGetKey,
  jwtVerify,
  type CryptoKey,
} from 'jose';
import { z } from 'zod';

import { type Caller, ROLES, type Role } from './caller';

/** Asymmetric algorithms only: `none` and HMAC (a shared secret any service could forge with) are refused. */
export const TOKEN_ALGORITHMS = ['RS256', 'ES256'] as const;

export interface TokenVerifierSettings {
  issuer: string;
  audience: string;
  clockSkewSeconds: number;
  keys: { jwksUrl: URL } | { publicKeyPem: string };
}

/** The token is missing something or is not ours: the caller gets 401. */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** The keys could not be fetched (the provider is unreachable): our fault, not the caller's. */
export class TokenKeysUnavailableError extends Error {
  override name = 'TokenKeysUnavailableError';
}

type KeyLookup = JWTVerifyGetKey | CryptoKey;

// jose re-fetches a remote JWKS when a token names an unknown `kid` (key rotation), at most once per cooldown.
const REMOTE_JWKS = { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 };
const MAX_SUBJECT_LENGTH = 255;
/** Errors that say the token itself is bad (as opposed to the keys being unavailable). */
const TOKEN_FAULTS = [
  errors.JWTExpired,
  errors.JWTClaimValidationFailed,
  errors.JWTInvalid,
  errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
];

/**
 * A JWKS in a file (the local issuer's). Re-read when a token names a key it does not hold and the file has
 * changed since, so a rotated local key is picked up without a restart.
 */
class FileJwks {
  private lookup?: JWTVerifyGetKey;
  private modifiedMs = -1;

  constructor(private readonly file: string) {}

  async load(): Promise<void> {
    let modifiedMs: number;
    try {
      modifiedMs = (await stat(this.file)).mtimeMs;
    } catch {
      throw new TokenKeysUnavailableError(
        `no JWKS at ${this.file}: run \`node infra/local/identity/local-issuer.cjs init\` (infra.sh up does) or set AUTH_JWKS_URL`,
      );
    }
    if (modifiedMs === this.modifiedMs) return;
    this.lookup = createLocalJWKSet(JSON.parse(await readFile(this.file, 'utf8')));
    this.modifiedMs = modifiedMs;
  }

  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    if (!this.lookup) await this.load();
    try {
      return await this.lookup!(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      await this.load();
      return this.lookup!(header, token);
    }
  };
}

async function importPublicKey(pem: string): Promise<{ key: CryptoKey; algorithm: string }> {
  const algorithm = createPublicKey(pem).asymmetricKeyType === 'rsa' ? 'RS256' : 'ES256';
  return { key: await importSPKI(pem, algorithm), algorithm };
}

/** Why a token was refused, in words safe to send back (never the token or its claims). */
function refusal(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The access token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.claim === 'nbf'
      ? 'The access token is not valid yet.'
      : `The access token's "${error.claim}" claim is not accepted.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'The access token is signed with a refused algorithm.';
  if (error instanceof errors.JWKSNoMatchingKey) return 'The access token is signed with an unknown key.';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The access token signature is invalid.';
  return 'The access token is malformed.';
}

/** Verifies bearer tokens from any OIDC provider (by its JWKS) or from a single PEM public key. */
export class TokenVerifier {
  private constructor(
    private readonly settings: TokenVerifierSettings,
    private readonly key: KeyLookup,
    private readonly algorithms: string[],
  ) {}

  /** Loads what can be loaded up front (a PEM, a local JWKS file) so that a bad setting stops the start. */
  static async create(settings: TokenVerifierSettings): Promise<TokenVerifier> {
    if ('publicKeyPem' in settings.keys) {
      const { key, algorithm } = await importPublicKey(settings.keys.publicKeyPem);
      return new TokenVerifier(settings, key, [algorithm]);
    }
    const { jwksUrl } = settings.keys;
    if (jwksUrl.protocol === 'file:') {
      const jwks = new FileJwks(fileURLToPath(jwksUrl));
      await jwks.load();
      return new TokenVerifier(settings, jwks.getKey, [...TOKEN_ALGORITHMS]);
    }
    return new TokenVerifier(settings, createRemoteJWKSet(jwksUrl, REMOTE_JWKS), [...TOKEN_ALGORITHMS]);
  }

  async verify(token: string): Promise<Caller> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key as JWTVerifyGetKey, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: this.algorithms,
        clockTolerance: this.settings.clockSkewSeconds,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      if (TOKEN_FAULTS.some((fault) => error instanceof fault)) throw new InvalidTokenError(refusal(error));
      // Anything else is on our side: the provider's JWKS is unreachable, times out or is malformed.
      throw new TokenKeysUnavailableError('The token signing keys cannot be obtained right now.');
    }
    return toCaller(payload);
  }
}

function toCaller(payload: Record<string, unknown>): Caller {
  const { sub, roles, email, name } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT_LENGTH || /\p{Cc}/u.test(sub)) {
    throw new InvalidTokenError('The access token\'s "sub" claim is not accepted.');
  }
  return {
    id: sub,
    roles: Array.isArray(roles) ? ROLES.filter((role: Role) => roles.includes(role)) : [],
    ...(isPlainEmail(email) && { email }),
    ...(typeof name === 'string' && name.length <= MAX_NAME_LENGTH && !/\p{Cc}/u.test(name) && { name }),
  };
}

const MAX_NAME_LENGTH = 200;
const PLAIN_EMAIL = z.email();

/**
 * Identity providers put what users typed into `email`: an internationalised address, a list, text with
 * control characters. Such a claim is ignored (the caller has no email from the token) rather than trusted:
 * mail goes to the address in the practitioner's profile, and this claim is only its default.
 */
function isPlainEmail(email: unknown): email is string {
  return typeof email === 'string' && email.length <= 254 && PLAIN_EMAIL.safeParse(email).success;
}
