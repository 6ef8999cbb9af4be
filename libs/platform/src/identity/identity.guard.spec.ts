import { generateKeyPairSync, sign } from 'node:crypto';

import { Controller, Get, Param } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

import { ProblemJsonFilter } from '../errors/problem-json.filter';
import { RateLimiter } from '../http/rate-limiter';
import { type Caller, CurrentCaller, Public, RequireRoles, SelfOrStaff } from './caller';
import { IdentityGuard } from './identity.guard';
import { TokenVerifier } from './token-verifier';

const ISSUER = 'https://issuer.example.org';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function token(sub: string, roles: string[]): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: ISSUER, aud: 'cme-tracker', sub, roles, iat: now, exp: now + 300 };
  const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

@Controller('probe')
class ProbeController {
  @Get('open')
  @Public()
  open() {
    return { open: true };
  }

  @Get('any')
  any(@CurrentCaller() caller: Caller) {
    return caller;
  }

  @Get('me')
  @RequireRoles('practitioner')
  me(@CurrentCaller() caller: Caller) {
    return caller;
  }

  @Get('staff')
  @RequireRoles('staff', 'admin')
  staff() {
    return { staff: true };
  }

  @Get('practitioners/:id')
  @SelfOrStaff()
  practitioner(@Param('id') id: string) {
    return { id };
  }
}

/** Caller kinds → the Authorization header they send. `p-1` is the practitioner the `/{id}` route names. */
const CALLERS: Record<string, string | undefined> = {
  none: undefined,
  garbage: 'Bearer not-a-token',
  basic: 'Basic dXNlcjpwYXNz',
  noRoles: `Bearer ${token('p-1', [])}`,
  self: `Bearer ${token('p-1', ['practitioner'])}`,
  other: `Bearer ${token('p-2', ['practitioner'])}`,
  staff: `Bearer ${token('s-1', ['staff'])}`,
  admin: `Bearer ${token('a-1', ['admin'])}`,
};

/** Each route → the status of each caller kind, in the order of CALLERS (none … admin). */
const MATRIX: Record<string, number[]> = {
  '/probe/open': [200, 200, 200, 200, 200, 200, 200, 200],
  '/probe/any': [401, 401, 401, 200, 200, 200, 200, 200],
  '/probe/me': [401, 401, 401, 403, 200, 200, 403, 403],
  '/probe/staff': [401, 401, 401, 403, 403, 403, 200, 200],
  '/probe/practitioners/p-1': [401, 401, 401, 403, 200, 403, 200, 200],
};

// Rate limits are counted in Redis (integration tests); here one user is simply over the limit.
const limiter = {
  consume: async (_: string, id: string) => ({ allowed: id !== 'over-limit', retryAfterSeconds: 42 }),
};

async function probeApp(verifier: TokenVerifier): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    controllers: [ProbeController],
    providers: [
      { provide: TokenVerifier, useValue: verifier },
      { provide: RateLimiter, useValue: limiter },
      { provide: APP_GUARD, useClass: IdentityGuard },
      { provide: APP_FILTER, useClass: ProblemJsonFilter },
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('IdentityGuard: verified tokens, roles and ownership', () => {
  let app: NestFastifyApplication;
  const overLimit = token('over-limit', ['practitioner']);

  beforeAll(async () => {
    app = await probeApp(
      await TokenVerifier.create({
        issuer: ISSUER,
        audience: 'cme-tracker',
        clockSkewSeconds: 30,
        keys: { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string },
      }),
    );
  });

  afterAll(() => app?.close());

  const call = (url: string, authorization?: string) =>
    app.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });

  describe.each(Object.entries(MATRIX))('%s', (url, statuses) => {
    it.each(Object.keys(CALLERS).map((kind, index) => [kind, statuses[index]] as const))(
      '%s → %i',
      async (kind, status) => {
        expect((await call(url, CALLERS[kind])).statusCode).toBe(status);
      },
    );
  });

  it('hands the route the caller from the token', async () => {
    expect((await call('/probe/me', CALLERS.self)).json()).toEqual({ id: 'p-1', roles: ['practitioner'] });
  });

  it('answers 401 problem+json with WWW-Authenticate, saying whether the token was missing or bad', async () => {
    const missing = await call('/probe/any');
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="cme-tracker"');
    const bad = await call('/probe/any', CALLERS.garbage);
    expect(bad.headers['www-authenticate']).toBe('Bearer realm="cme-tracker", error="invalid_token"');
    expect(bad.json()).toMatchObject({ status: 401, title: 'Unauthorized', detail: expect.any(String) });
  });

  it('answers 403 problem+json naming the role the route needs', async () => {
    const response = await call('/probe/staff', CALLERS.self);
    expect(response.json()).toMatchObject({
      status: 403,
      detail: 'This action needs the role staff or admin.',
    });
  });

  it('answers 429 with Retry-After to a user over their limit, before looking at roles', async () => {
    const response = await call('/probe/staff', `Bearer ${overLimit}`);
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('42');
    expect(response.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
  });

  it('answers 503, not 401, while the provider’s keys cannot be fetched', async () => {
    const unreachable = await probeApp(
      await TokenVerifier.create({
        issuer: ISSUER,
        audience: 'cme-tracker',
        clockSkewSeconds: 30,
        // Port 9 (discard) refuses the connection at once.
        keys: { jwksUrl: new URL('http://127.0.0.1:9/jwks') },
      }),
    );
    try {
      const response = await unreachable.inject({
        method: 'GET',
        url: '/probe/any',
        headers: { authorization: CALLERS.self! },
      });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 503, title: 'Service Unavailable' });
    } finally {
      await unreachable.close();
    }
  });
});
