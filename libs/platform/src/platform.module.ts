import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';

import { type ServiceConfig } from './config/service-config';
import { settingsOf } from './config/service-settings';
import { ProblemJsonFilter } from './errors/problem-json.filter';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health-registry';
import { RateLimiter } from './http/rate-limiter';
import { IdentityGuard } from './identity/identity.guard';
import { TokenVerifier } from './identity/token-verifier';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { RedisModule } from './redis/redis.module';

/** The validated configuration of the running service (`z.infer` of its schema). */
export const APP_CONFIG = Symbol('APP_CONFIG');
/** The service's name, as it appears in logs, metrics and event sources. */
export const SERVICE_NAME = Symbol('SERVICE_NAME');

/**
 * What every service has: configuration, problem+json errors, verified identity on every route, rate
 * limits, Redis (rate limits live there), health and metrics.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(service: string, config: ServiceConfig): DynamicModule {
    const { auth, http, kafka, redis } = settingsOf(config);
    return {
      module: PlatformModule,
      imports: [RedisModule.forRoot(redis.url)],
      controllers: [HealthController, ...(http.metrics.enabled ? [MetricsController] : [])],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: service },
        HealthRegistry,
        MetricsService,
        {
          provide: TokenVerifier,
          useFactory: () => TokenVerifier.create(auth),
        },
        {
          provide: RateLimiter,
          useFactory: () =>
            new RateLimiter({
              redisUrl: redis.url,
              // The instances that share a consumer group are one deployment: they share their counts.
              scope: kafka.groupId,
              ...http.rateLimit,
            }),
        },
        { provide: APP_FILTER, useClass: ProblemJsonFilter },
        IdentityGuard,
        { provide: APP_GUARD, useExisting: IdentityGuard },
      ],
      // IdentityGuard: for routes outside Nest (a Fastify plugin's) that need the same checks.
      exports: [APP_CONFIG, SERVICE_NAME, HealthRegistry, MetricsService, IdentityGuard],
    };
  }
}
