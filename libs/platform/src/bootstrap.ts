import { type DynamicModule, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { type z } from 'zod';

import { type DestinationStream } from 'pino';

import { ConfigError, loadConfig, type ServiceConfig } from './config/service-config';
import { settingsOf } from './config/service-settings';
import { hardenHttp } from './http/http-hardening';
import { createPinoLogger, JsonLogger } from './logging/json-logger';
import { MetricsService } from './metrics/metrics.service';
import { createOpenApiDocument } from './openapi/openapi-document';

/** Requests larger than this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
const QUIET_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

export interface ServiceDefinition<Schema extends z.ZodType<ServiceConfig>> {
  /** `catalog`, `credits` or `notifications`. */
  name: string;
  description: string;
  configSchema: Schema;
  /** The root module, built from the validated configuration. */
  module: (config: z.infer<Schema>) => DynamicModule;
}

/** What a test may observe of an application it builds. */
export interface ServiceAppOptions {
  /** Called for every route Fastify registers (tests check that each one has an authorization rule). */
  onRoute?: (route: { method: string; url: string }) => void;
  /** Where the JSON logs go instead of stdout (tests check what is logged). */
  logDestination?: DestinationStream;
}

/** Builds the Nest application of a service (not yet listening); tests use this directly. */
export async function createServiceApp<Schema extends z.ZodType<ServiceConfig>>(
  definition: ServiceDefinition<Schema>,
  config: z.infer<Schema>,
  options: ServiceAppOptions = {},
): Promise<NestFastifyApplication> {
  const pino = createPinoLogger(definition.name, config.LOG_LEVEL, options.logDestination);
  const { http } = settingsOf(config);
  const proxies = http.trustProxy;
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // A hop count trusts that many proxies nearest to us (what Fastify does with a number, typed as a function).
    trustProxy: typeof proxies === 'number' ? (_address, hop) => hop < proxies : proxies,
  });
  const fastify = adapter.getInstance();
  const { onRoute } = options;
  if (onRoute) {
    fastify.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) onRoute({ method, url: route.url });
    });
  }
  const app = await NestFactory.create<NestFastifyApplication>(
    definition.module(config),
    adapter,
    // Nest's own body parsers stay off: the JSON parser below replaces them.
    { logger: new JsonLogger(pino), abortOnError: false, bodyParser: false },
  );
  app.enableShutdownHooks();
  await hardenHttp(app, config.NODE_ENV === 'production', http);

  const metrics = app.get(MetricsService);
  // Action routes (publish, retire) take no body; clients commonly still send `content-type: application/json`.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, undefined);
    else parseJson(request, body.toString(), done);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpRequests.inc({ method: request.method, route, status: reply.statusCode });
    metrics.httpDuration.observe({ method: request.method, route }, seconds);
    if (!QUIET_ROUTES.has(route)) {
      pino.info({
        msg: 'request',
        method: request.method,
        route,
        status: reply.statusCode,
        ms: reply.elapsedTime,
      });
    }
  });

  if (http.docsEnabled) {
    const document = createOpenApiDocument(app, definition, http.metrics);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}

/** Starts a service: validates configuration (one clear line on failure), then listens. */
export async function runService<Schema extends z.ZodType<ServiceConfig>>(
  definition: ServiceDefinition<Schema>,
): Promise<void> {
  const fail = (message: string): never => {
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), service: definition.name, msg: message })}\n`,
    );
    process.exit(1);
  };
  let config: z.infer<Schema>;
  try {
    config = loadConfig(definition.configSchema);
  } catch (error) {
    return fail(error instanceof ConfigError ? error.message : String(error));
  }
  try {
    const app = await createServiceApp(definition, config);
    const { host, port, docsEnabled } = settingsOf(config).http;
    await app.listen(port, host);
    new Logger('bootstrap').log({
      msg: 'listening',
      url: `http://${host}:${port}`,
      ...(docsEnabled && { docs: `http://${host}:${port}/docs` }),
    });
  } catch (error) {
    fail(`start-up failed: ${(error as Error).message}`);
  }
}
