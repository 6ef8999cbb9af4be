import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { DocumentSigningKey } from './document-signing-key';

const TOKEN_ID_BYTES = 16;
/** HMAC-SHA256 cut to 128 bits: forging one still takes 2^128 tries, and the address stays short. */
const MAC_BYTES = 16;

/**
 * Calendar subscription tokens: base64url of a random token id and its HMAC (43 characters, no dot, so that it
 * can stand in a path before `.ics` within the router's parameter length). A forged or altered token is told by
 * its MAC before any database read; the id finds the subscription, which says whose feed it opens.
 */
@Injectable()
export class CalendarSubscriptionTokens {
  constructor(@Inject(DocumentSigningKey) private readonly key: DocumentSigningKey) {}

  issue(): { token: string; tokenId: string } {
    const tokenId = randomBytes(TOKEN_ID_BYTES);
    return {
      token: Buffer.concat([tokenId, this.mac(tokenId)]).toString('base64url'),
      tokenId: tokenId.toString('base64url'),
    };
  }

  /** The id of a token this service issued; null for anything else. */
  verify(token: string): string | null {
    if (!/^[\w-]+$/.test(token)) return null;
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length !== TOKEN_ID_BYTES + MAC_BYTES) return null;
    const tokenId = bytes.subarray(0, TOKEN_ID_BYTES);
    if (!timingSafeEqual(bytes.subarray(TOKEN_ID_BYTES), this.mac(tokenId))) return null;
    return tokenId.toString('base64url');
  }

  private mac(tokenId: Buffer): Buffer {
    return createHmac('sha256', this.key.subscriptionTokenKey)
      .update(tokenId)
      .digest()
      .subarray(0, MAC_BYTES);
  }
}
