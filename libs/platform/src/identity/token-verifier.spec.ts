import { createHmac, generateKeyPairSync, type KeyObject, sign as signBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { InvalidTokenError, TokenKeysUnavailableError, TokenVerifier } from './token-verifier';

const ISSUER = 'https://issuer.example.org/realms/cme';
const AUDIENCE = 'cme-tracker';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function newKey(alg: 'RS256' | 'ES256', kid: string): SigningKey {
  const pair =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, alg, ...pair };
}

const jwks = (...keys: SigningKey[]) => ({
  keys: keys.map((key) => ({
    ...key.publicKey.export({ format: 'jwk' }),
    kid: key.kid,
    alg: key.alg,
    use: 'sig',
  })),
});

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'practitioner-1',
    roles: ['practitioner'],
    email: 'dr@example.org',
    name: 'Dr. Example',
    iat: now(),
    exp: now() + 300,
    ...overrides,
  };
}

function sign(key: SigningKey, payload = claims(), header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg: key.alg, typ: 'JWT', kid: key.kid, ...header })}.${b64(payload)}`;
  const signature = signBytes('sha256', Buffer.from(input), {
    key: key.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}

function fileJwks(content: object): URL {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cme-jwks-')), 'jwks.json');
  writeFileSync(file, JSON.stringify(content));
  return pathToFileURL(file);
}

const settings = (keys: { jwksUrl: URL } | { publicKeyPem: string }) => ({
  issuer: ISSUER,
  audience: AUDIENCE,
  clockSkewSeconds: 30,
  keys,
});

describe('token verification', () => {
  const rsa = newKey('RS256', 'rsa-1');
  const ec = newKey('ES256', 'ec-1');
  let verifier: TokenVerifier;

  beforeAll(async () => {
    verifier = await TokenVerifier.create(settings({ jwksUrl: fileJwks(jwks(rsa, ec)) }));
  });

  it('accepts RS256 and ES256 tokens and reads the caller from sub, roles, email and name', async () => {
    await expect(verifier.verify(sign(rsa))).resolves.toEqual({
      id: 'practitioner-1',
      roles: ['practitioner'],
      email: 'dr@example.org',
      name: 'Dr. Example',
    });
    await expect(
      verifier.verify(sign(ec, claims({ sub: 'staff-9', roles: ['staff', 'admin'] }))),
    ).resolves.toMatchObject({ id: 'staff-9', roles: ['staff', 'admin'] });
  });

  it.each([
    ['an internationalised address', 'dr.müller@beispiel.de'],
    ['a list of addresses', 'a@example.org, b@example.org'],
    ['an array', ['a@example.org']],
    ['control characters', 'dr@example.org\r\nBcc: x@example.org'],
    ['no address at all', 'Dr. Example'],
  ])('ignores an email claim that is %s (the profile holds the address)', async (_, email) => {
    const caller = await verifier.verify(sign(rsa, claims({ email })));
    expect(caller).toMatchObject({ id: 'practitioner-1' });
    expect(caller).not.toHaveProperty('email');
  });

  it('keeps only the known roles, and none when the claim is not a list', async () => {
    await expect(verifier.verify(sign(rsa, claims({ roles: ['owner', 'staff'] })))).resolves.toMatchObject({
      roles: ['staff'],
    });
    await expect(verifier.verify(sign(rsa, claims({ roles: 'admin' })))).resolves.toMatchObject({
      roles: [],
    });
  });

  it('allows the configured clock skew on exp and nbf, and no more', async () => {
    await expect(verifier.verify(sign(rsa, claims({ exp: now() - 20 })))).resolves.toBeDefined();
    await expect(verifier.verify(sign(rsa, claims({ nbf: now() + 20 })))).resolves.toBeDefined();
    await expect(verifier.verify(sign(rsa, claims({ exp: now() - 60 })))).rejects.toThrow('expired');
    await expect(verifier.verify(sign(rsa, claims({ nbf: now() + 60 })))).rejects.toThrow('not valid yet');
  });

  it.each([
    ['a wrong audience', claims({ aud: 'another-api' }), '"aud"'],
    ['a wrong issuer', claims({ iss: 'https://issuer.example.org/realms/other' }), '"iss"'],
    ['no expiry', claims({ exp: undefined }), '"exp"'],
    ['no subject', claims({ sub: undefined }), '"sub"'],
    ['an over-long subject', claims({ sub: 'x'.repeat(256) }), '"sub"'],
    ['a subject with control characters', claims({ sub: 'a\nb' }), '"sub"'],
  ])('refuses a token with %s', async (_, payload, reason) => {
    const attempt = verifier.verify(sign(rsa, payload));
    await expect(attempt).rejects.toThrow(InvalidTokenError);
    await expect(verifier.verify(sign(rsa, payload))).rejects.toThrow(reason);
  });

  it('refuses alg none, HMAC keyed with the public key, a forged signature and an unknown key', async () => {
    const unsecured = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
    const hmacInput = `${b64({ alg: 'HS256', typ: 'JWT', kid: rsa.kid })}.${b64(claims())}`;
    const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' });
    const hmac = `${hmacInput}.${createHmac('sha256', publicPem).update(hmacInput).digest('base64url')}`;
    const forged = sign(newKey('RS256', rsa.kid));
    const unknownKey = sign(newKey('RS256', 'not-published'));
    for (const token of [unsecured, hmac, forged, unknownKey, 'not-a-token', 'a.b.c']) {
      await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
    }
    await expect(verifier.verify(forged)).rejects.toThrow('signature is invalid');
    await expect(verifier.verify(unknownKey)).rejects.toThrow('unknown key');
  });

  it('picks up a key added to the local JWKS file (rotation) without a restart', async () => {
    const old = newKey('RS256', 'old');
    const url = fileJwks(jwks(old));
    const rotating = await TokenVerifier.create(settings({ jwksUrl: url }));
    const next = newKey('RS256', 'next');
    await expect(rotating.verify(sign(next))).rejects.toThrow('unknown key');
    // A different size, so the modification is seen even within the file system's timestamp resolution.
    writeFileSync(url, JSON.stringify(jwks(next, old), null, 2));
    await expect(rotating.verify(sign(next))).resolves.toMatchObject({ id: 'practitioner-1' });
    await expect(rotating.verify(sign(old))).resolves.toMatchObject({ id: 'practitioner-1' });
  });

  it('verifies with a single PEM public key, RSA or EC, and only with that key’s algorithm', async () => {
    const pem = (key: SigningKey) => key.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const byRsa = await TokenVerifier.create(settings({ publicKeyPem: pem(rsa) }));
    const byEc = await TokenVerifier.create(settings({ publicKeyPem: pem(ec) }));
    await expect(byRsa.verify(sign(rsa))).resolves.toBeDefined();
    await expect(byEc.verify(sign(ec))).resolves.toBeDefined();
    await expect(byRsa.verify(sign(ec))).rejects.toThrow(InvalidTokenError);
  });

  it('stops the start with a clear message when the local JWKS file is missing', async () => {
    const missing = pathToFileURL(path.join(tmpdir(), 'no-such-dir', 'jwks.json'));
    await expect(TokenVerifier.create(settings({ jwksUrl: missing }))).rejects.toThrow(
      /no JWKS at .*local-issuer\.cjs init/,
    );
  });

  describe('with the provider’s JWKS over HTTP', () => {
    let server: Server;
    let published = jwks(rsa);
    let fetches = 0;
    let url: URL;

    beforeAll(async () => {
      server = createServer((_, response) => {
        fetches += 1;
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(published));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/jwks`);
    });

    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('fetches the keys once, caches them, and refetches for a rotated key', async () => {
      const remote = await TokenVerifier.create(settings({ jwksUrl: url }));
      await remote.verify(sign(rsa));
      await remote.verify(sign(rsa));
      expect(fetches).toBe(1);
      const rotated = newKey('ES256', 'rotated');
      published = jwks(rotated, rsa);
      // An unknown kid refetches at most once per 30 s cooldown, so that bogus kids cannot flood the provider.
      await expect(remote.verify(sign(rotated))).rejects.toThrow('unknown key');
      const later = Date.now() + 31_000;
      jest.spyOn(Date, 'now').mockReturnValue(later);
      try {
        await expect(remote.verify(sign(rotated))).resolves.toMatchObject({ id: 'practitioner-1' });
      } finally {
        jest.restoreAllMocks();
      }
      expect(fetches).toBe(2);
    });

    it('answers "keys unavailable" (not "bad token") when the provider does not answer', async () => {
      const port = (server.address() as { port: number }).port;
      await new Promise((resolve) => server.close(resolve));
      const unreachable = await TokenVerifier.create(
        settings({ jwksUrl: new URL(`http://127.0.0.1:${port}/jwks`) }),
      );
      await expect(unreachable.verify(sign(rsa))).rejects.toThrow(TokenKeysUnavailableError);
      server = createServer().listen(0, '127.0.0.1');
    });
  });
});
