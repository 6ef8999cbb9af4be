import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type OpenAPIObject } from '@nestjs/swagger';

import { loadConfig, serviceConfigSchema } from '../config/service-config';
import { settingsOf } from '../config/service-settings';
import { HealthController } from '../health/health.controller';
import { HealthRegistry } from '../health/health-registry';
import { Public, RequireRoles } from '../identity/caller';
import { MetricsController } from '../metrics/metrics.controller';
import { MetricsService } from '../metrics/metrics.service';
import { ApiProblems } from './api-problems';
import { createOpenApiDocument } from './openapi-document';

@Controller('things')
class ThingsController {
  @Get()
  @Public()
  list() {}

  @Get(':id')
  @ApiProblems(404)
  get() {}

  @Post()
  @RequireRoles('staff')
  @ApiProblems(409)
  create() {}
}

@Module({
  controllers: [ThingsController, HealthController, MetricsController],
  providers: [HealthRegistry, MetricsService],
})
class ThingsModule {}

const config = (env: Record<string, string> = {}) =>
  loadConfig(serviceConfigSchema({ port: 0, database: 'things', consumerGroup: 'things' }), env);

describe('OpenAPI document', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ThingsModule, new FastifyAdapter(), {
      logger: false,
    });
  });

  afterAll(() => app.close());

  const documentOf = (env?: Record<string, string>): OpenAPIObject =>
    createOpenApiDocument(
      app,
      { name: 'things', description: 'Things' },
      settingsOf(config(env)).http.metrics,
    );
  const responses = (document: OpenAPIObject, method: 'get' | 'post', path: string) =>
    Object.keys(document.paths[path][method]!.responses);

  it('declares OpenAPI 3.1.0 and names operations after their controller and method', () => {
    const document = documentOf();
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/things/{id}'].get?.operationId).toBe('thingsGet');
  });

  it('adds to what a route declares the problems the platform answers on it', () => {
    const document = documentOf();
    // Public: rate-limited, nothing else but a fault.
    expect(responses(document, 'get', '/things')).toEqual(['200', '429', '500']);
    // Any valid token: the token may be missing or refused, or its keys unreadable.
    expect(responses(document, 'get', '/things/{id}')).toEqual(['200', '401', '404', '429', '500', '503']);
    // A role, and a body that is parsed before the route runs.
    expect(responses(document, 'post', '/things')).toEqual([
      '201',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '429',
      '500',
      '503',
    ]);
    // Probes are never rate-limited.
    expect(responses(document, 'get', '/health/live')).toEqual(['200', '500']);
    expect(responses(document, 'get', '/health/ready')).toEqual(['200', '500', '503']);
  });

  it('lets public routes go without a token, and /metrics only with its token when one is set', () => {
    const open = documentOf();
    expect(open.paths['/things'].get?.security).toEqual([]);
    expect(open.paths['/things/{id}'].get?.security).toBeUndefined();
    expect(open.paths['/metrics'].get?.security).toEqual([]);
    expect(responses(open, 'get', '/metrics')).toEqual(['200', '500']);

    const locked = documentOf({ METRICS_TOKEN: 'a-metrics-token-of-at-least-32-characters' });
    expect(locked.paths['/metrics'].get?.security).toEqual([{ metricsToken: [] }]);
    expect(responses(locked, 'get', '/metrics')).toEqual(['200', '401', '500']);
  });

  it('refers every problem to one response per status, each a Problem as application/problem+json', () => {
    const document = documentOf();
    expect(document.paths['/things/{id}'].get?.responses['404']).toEqual({
      $ref: '#/components/responses/NotFound',
    });
    expect(document.components?.responses?.TooManyRequests).toMatchObject({
      headers: { 'Retry-After': expect.any(Object) },
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(document.components?.schemas?.Problem).not.toHaveProperty('$schema');
  });
});
