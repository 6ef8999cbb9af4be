import { Writable } from 'node:stream';

import { asCaller, callerToken, waitFor } from '@cme/local-runtime';
import { type Role, type ServiceConfig, type ServiceDefinition } from '@cme/platform';
import request from 'supertest';
import { type z } from 'zod';

import { REFUSED_TOKENS } from './refused-tokens';
import { startTestService, type TestService, uniqueSuffix } from './service-harness';
import { ThrowawayInfra } from './throwaway-infra';

/** A route that takes a JSON body, with a body it accepts and the status that body gets. */
export interface BodyRoute {
  method: 'post' | 'put' | 'patch';
  path: string;
  /** Roles a caller needs on this route (each test caller gets an id of its own). */
  roles: Role[];
  body: Record<string, unknown>;
  /** 201 for a create; a handler may also answer 422 for a well-formed body it cannot act on. */
  accepted: number;
}

export interface HardeningOptions {
  /** Absent for a service whose API takes no body (yet). Also the route the rate limits are tried on. */
  bodyRoute?: BodyRoute;
  /** More routes with a body, each tried for body limits, unknown fields and operator injection. */
  otherBodyRoutes?: BodyRoute[];
}

const ALLOWED_ORIGIN = 'https://portal.example.org';
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789abcdef';
/** Values that would be query operators if they reached a MongoDB filter as objects. */
const OPERATORS = [{ $gt: '' }, { $ne: null }, { $where: 'sleep(1000)' }, { $regex: '.*' }, { $in: ['x'] }];

/** Every variant of `body` with one string value replaced by an operator object. */
function operatorInjections(body: unknown, path: string[] = []): { path: string; body: unknown }[] {
  if (typeof body === 'string')
    return OPERATORS.map((operator) => ({ path: path.join('.'), body: operator }));
  if (body === null || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([key, value]) =>
    operatorInjections(value, [...path, key]).map((variant) => ({
      path: variant.path,
      body: Array.isArray(body)
        ? body.map((item, index) => (String(index) === key ? variant.body : item))
        : { ...body, [key]: variant.body },
    })),
  );
}

const callerOf = (route: BodyRoute) => asCaller(`caller-${uniqueSuffix()}`, route.roles);

/** Collects a service's JSON log lines. */
class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
}

/**
 * The hardening every service owes, tried against the real service: security headers, the CORS allow-list,
 * per-address and per-user rate limits in Redis, body limits, unknown fields and operator injection,
 * production switches for /docs and /metrics, and no token in the logs.
 */
export function describeHardening<Schema extends z.ZodType<ServiceConfig>>(
  definition: ServiceDefinition<Schema>,
  { bodyRoute, otherBodyRoutes = [] }: HardeningOptions = {},
): void {
  describe(`${definition.name} hardening (real service, Redis, local issuer)`, () => {
    let service: TestService;
    let limited: TestService;
    let lockedDown: TestService;
    const logs = new LogCapture();

    beforeAll(async () => {
      [service, limited, lockedDown] = await Promise.all([
        startTestService(definition, { CORS_ORIGINS: ALLOWED_ORIGIN }),
        // Behind a trusted proxy (here: 127.0.0.1), each forwarded client address is counted on its own.
        startTestService(definition, {
          RATE_LIMIT_PER_IP: '6',
          RATE_LIMIT_PER_USER: '3',
          TRUST_PROXY: '127.0.0.1',
        }),
        startTestService(
          definition,
          { DOCS_ENABLED: 'false', METRICS_TOKEN, LOG_LEVEL: 'trace' },
          { logDestination: logs },
        ),
      ]);
    });

    afterAll(() => Promise.all([service, limited, lockedDown].map((running) => running?.close())));

    describe('security headers', () => {
      it.each(['/health/live', '/v1/not-a-route', '/docs'])('are sent on %s', async (path) => {
        const response = await request(service.url).get(path);
        expect(response.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'strict-transport-security': expect.stringContaining('max-age='),
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin',
          'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
        });
        expect(response.headers['x-powered-by']).toBeUndefined();
      });
    });

    describe('CORS allow-list', () => {
      it('answers an allowed origin, and its preflight', async () => {
        const simple = await request(service.url).get('/health/live').set('origin', ALLOWED_ORIGIN);
        expect(simple.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
        const preflight = await request(service.url)
          .options('/v1/anything')
          .set('origin', ALLOWED_ORIGIN)
          .set('access-control-request-method', 'POST')
          .set('access-control-request-headers', 'authorization, content-type')
          .expect(204);
        expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
      });

      it('gives any other origin nothing a browser would accept', async () => {
        for (const origin of ['https://evil.example.org', 'null', `${ALLOWED_ORIGIN}.evil.example.org`]) {
          const response = await request(service.url)
            .options('/v1/anything')
            .set('origin', origin)
            .set('access-control-request-method', 'POST');
          expect(response.headers['access-control-allow-origin']).toBeUndefined();
        }
      });
    });

    describe('rate limits, counted in Redis (6 per address, 3 per user in this instance)', () => {
      const expectRateLimited = (response: request.Response, subject: string) => {
        expect(response.status).toBe(429);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(60);
        expect(response.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
        expect(response.body.detail).toContain(subject);
      };

      it('answers 429 problem+json with Retry-After past the limits, never on probes and scrapes', async () => {
        if (bodyRoute) {
          const [first, second] = [callerOf(bodyRoute), callerOf(bodyRoute)];
          const responses = [];
          for (const caller of [first, first, first, first, second, second, second]) {
            responses.push(await send(limited, bodyRoute.body, caller));
          }
          expect(responses.map((response) => response.status)).toEqual([
            ...Array(3).fill(bodyRoute.accepted),
            429,
            ...Array(2).fill(bodyRoute.accepted),
            429,
          ]);
          expectRateLimited(responses[3], 'user');
          expectRateLimited(responses[6], 'address');
        } else {
          const statuses = [];
          for (let i = 0; i < 7; i++)
            statuses.push((await request(limited.url).get('/v1/not-a-route')).status);
          expect(statuses).toEqual([...Array(6).fill(404), 429]);
          expectRateLimited(await request(limited.url).get('/v1/not-a-route'), 'address');
        }
        await request(limited.url).get('/health/live').expect(200);
        await request(limited.url).get('/health/ready').expect(200);
        await request(limited.url).get('/metrics').expect(200);
      });

      it('counts each client a trusted proxy forwards (X-Forwarded-For) on its own', async () => {
        const from = (address: string) =>
          request(limited.url).get('/v1/not-a-route').set('x-forwarded-for', address);
        const statuses = [];
        for (let i = 0; i < 7; i++) statuses.push((await from('203.0.113.7')).status);
        expect(statuses).toEqual([...Array(6).fill(404), 429]);
        expect((await from('203.0.113.8')).status).toBe(404);
      });
    });

    it('keeps answering while Redis is away (limits suspended, readiness 503), and limits again once it is back', async () => {
      const redis = await ThrowawayInfra.start(['redis']);
      const target = await startTestService(definition, {
        REDIS_URL: redis.endpoints.REDIS_URL,
        RATE_LIMIT_PER_IP: '5',
      });
      try {
        await redis.down('redis');
        const statuses = [];
        for (let i = 0; i < 8; i++) statuses.push((await request(target.url).get('/v1/not-a-route')).status);
        expect(statuses).toEqual(Array(8).fill(404));
        const ready = await request(target.url).get('/health/ready').expect(503);
        expect(ready.body.down).toEqual(['redis']);

        await redis.up('redis');
        await waitFor(
          async () => ((await request(target.url).get('/v1/not-a-route')).status === 429 ? true : undefined),
          { timeoutMs: 30_000, what: 'the address limit to apply again' },
        );
      } finally {
        await target.close();
        await redis.destroy();
      }
    }, 120_000);

    for (const route of bodyRoute ? [bodyRoute, ...otherBodyRoutes] : []) {
      describe(`${route.method.toUpperCase()} ${route.path}`, () => {
        it(`accepts the well-formed body (${route.accepted})`, async () => {
          expect((await send(service, route.body, callerOf(route), route)).status).toBe(route.accepted);
        });

        it('refuses a body over 1 MiB with 413 problem+json', async () => {
          const big = JSON.stringify({ ...route.body, padding: 'x'.repeat(1024 * 1024) });
          const response = await send(service, big, callerOf(route), route);
          expect(response.status).toBe(413);
          expect(response.headers['content-type']).toContain('application/problem+json');
        });

        it('refuses unknown fields with 400, naming them', async () => {
          const response = await send(
            service,
            { ...route.body, isAdmin: true, $where: '1' },
            callerOf(route),
            route,
          );
          expect(response.status).toBe(400);
          expect(JSON.stringify(response.body.errors)).toContain('isAdmin');
        });

        it('refuses a query operator in place of any value with 400', async () => {
          const variants = operatorInjections(route.body);
          expect(variants.length).toBeGreaterThan(0);
          const refused: string[] = [];
          for (const variant of variants) {
            const response = await send(service, variant.body, callerOf(route), route);
            if (response.status !== 400) refused.push(`${variant.path}: ${response.status}`);
          }
          expect(refused).toEqual([]);
        });
      });
    }

    describe('production switches', () => {
      it('serves no /docs when DOCS_ENABLED=false', async () => {
        await request(lockedDown.url).get('/docs').expect(404);
        await request(lockedDown.url).get('/docs-json').expect(404);
      });

      it('answers /metrics only to "Authorization: Bearer <METRICS_TOKEN>"', async () => {
        const refused = await request(lockedDown.url).get('/metrics').expect(401);
        expect(refused.headers['content-type']).toContain('application/problem+json');
        await request(lockedDown.url).get('/metrics').set('authorization', 'Bearer wrong').expect(401);
        const scraped = await request(lockedDown.url)
          .get('/metrics')
          .set('authorization', `Bearer ${METRICS_TOKEN}`)
          .expect(200);
        expect(scraped.text).toContain('http_requests_total');
      });
    });

    it('never writes a token or the metrics secret to the logs, even at trace level', async () => {
      const tokens = [
        callerToken(`logged-${uniqueSuffix()}`, ['practitioner']),
        REFUSED_TOKENS.expired('logged'),
        REFUSED_TOKENS.badSignature('logged'),
      ];
      for (const token of tokens) {
        await request(lockedDown.url).get('/v1/not-a-route').set('authorization', `Bearer ${token}`);
        await request(lockedDown.url).get(`/v1/not-a-route?token=${token}`);
        if (bodyRoute) await send(lockedDown, bodyRoute.body, { authorization: `Bearer ${token}` });
      }
      await request(lockedDown.url).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
      expect(logs.lines.length).toBeGreaterThan(0);
      const written = logs.lines.join('\n');
      for (const secret of [...tokens.flatMap((token) => token.split('.')), METRICS_TOKEN]) {
        expect(written).not.toContain(secret);
      }
    });

    /** Sends a body (a string as it is, anything else as JSON) to a body route (by default `bodyRoute`). */
    function send(
      target: TestService,
      body: unknown,
      headers: Record<string, string>,
      route: BodyRoute = bodyRoute!,
    ) {
      return request(target.url)
        [route.method](route.path)
        .set(headers)
        .set('content-type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body));
    }
  });
}
