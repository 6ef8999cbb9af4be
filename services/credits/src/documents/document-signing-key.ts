import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { APP_CONFIG } from '@cme/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

import { type CreditsConfig } from '../credits-config';

/** Where a development machine keeps the key it made, relative to the working directory (the repository root). */
export const LOCAL_SIGNING_KEY_PATH = '.local/credits/documents-signing-key.pem';

/** The published form of the public key: what a verifier of a credential checks its signature with. */
export type PublicSigningJwk = JWK & { kid: string; alg: 'EdDSA'; use: 'sig' };

/**
 * The service's Ed25519 key: it signs verifiable credentials (EdDSA), and a key derived from it (HKDF) signs
 * calendar subscription tokens, so that one configured secret serves both without one use weakening the other.
 */
@Injectable()
export class DocumentSigningKey {
  private readonly logger = new Logger(DocumentSigningKey.name);
  readonly privateKey: KeyObject;
  /** The key that authenticates subscription tokens (HMAC-SHA256). */
  readonly subscriptionTokenKey: Buffer;
  private publicJwk?: PublicSigningJwk;

  constructor(@Inject(APP_CONFIG) config: CreditsConfig) {
    this.privateKey = createPrivateKey(config.DOCUMENTS_SIGNING_KEY ?? this.localKeyPem());
    const secret = Buffer.from(this.privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
    this.subscriptionTokenKey = Buffer.from(
      hkdfSync('sha256', secret, Buffer.alloc(0), 'cme-tracker calendar subscription token', 32),
    );
  }

  /** The public key as a JWK, its id the RFC 7638 thumbprint (so a new key is a new id). */
  async jwk(): Promise<PublicSigningJwk> {
    if (!this.publicJwk) {
      const jwk = await exportJWK(createPublicKey(this.privateKey));
      this.publicJwk = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'EdDSA', use: 'sig' };
    }
    return this.publicJwk;
  }

  /** A development key: the one kept on this machine, or a new one kept for next time. */
  private localKeyPem(): string {
    const file = path.resolve(LOCAL_SIGNING_KEY_PATH);
    try {
      return readFileSync(file, 'utf8');
    } catch {
      // made below
    }
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      // `wx`: when another process made one meanwhile, theirs is the one to share.
      writeFileSync(file, pem, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8');
      this.logger.warn(
        `cannot keep a signing key at ${file} (${(error as Error).message}): credentials and calendar ` +
          'subscriptions issued now will not verify after a restart; set DOCUMENTS_SIGNING_KEY',
      );
    }
    return pem;
  }
}
