import { createHash, timingSafeEqual } from 'node:crypto';

import helmet from '@fastify/helmet';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyReply, type FastifyRequest } from 'fastify';

import { type ServiceSettings } from '../config/service-settings';
import { AppException } from '../errors/app-exception';
import { sendProblem } from '../errors/problem-json';
import { rateLimited, RateLimiter } from './rate-limiter';

/** Probes and scrapes are never rate-limited: an orchestrator polling them must not lock itself out. */
export const UNLIMITED_ROUTES: ReadonlySet<string> = new Set(['/health/live', '/health/ready', '/metrics']);

/** Headers a browser client may send and read across origins. */
const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key'];
const CORS_EXPOSED_HEADERS = ['location', 'retry-after'];

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Security headers, the CORS allow-list, per-address rate limits and the /metrics token: everything the
 * edge of every service does before a request reaches Nest (per-user limits follow token verification,
 * in IdentityGuard).
 */
export async function hardenHttp(
  app: NestFastifyApplication,
  production: boolean,
  http: ServiceSettings['http'],
): Promise<void> {
  await app.register(helmet, {
    // The API answers JSON; only Swagger UI (/docs) renders a page, from its own scripts and styles.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        // Outside production the services speak plain HTTP on 127.0.0.1: upgrading would break /docs there.
        upgradeInsecureRequests: production ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
  });
  app.enableCors({
    origin: http.corsOrigins.length > 0 ? http.corsOrigins : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });

  const fastify = app.getHttpAdapter().getInstance();
  const limiter = app.get(RateLimiter);
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (UNLIMITED_ROUTES.has(request.routeOptions.url ?? '')) return;
    const decision = await limiter.consume('ip', request.ip);
    if (!decision.allowed) return sendProblem(reply, rateLimited('ip', decision), request);
  });

  const metricsToken = http.metrics.token;
  if (metricsToken) {
    const expected = sha256(`Bearer ${metricsToken}`);
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.routeOptions.url !== '/metrics') return;
      // Digests of equal length, so that the comparison takes the same time whatever was sent.
      if (timingSafeEqual(sha256(request.headers.authorization ?? ''), expected)) return;
      return sendProblem(
        reply,
        AppException.unauthenticated(
          'metrics-token-missing',
          'Scraping /metrics needs "Authorization: Bearer <METRICS_TOKEN>".',
          'Bearer realm="metrics"',
        ),
        request,
      );
    });
  }
}
