import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';

import { ProblemJsonFilter } from './errors/problem-json.filter';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health-registry';
import { DevelopmentIdentityGuard } from './identity/caller';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';

/** The validated configuration of the running service (`z.infer` of its schema). */
export const APP_CONFIG = Symbol('APP_CONFIG');
/** The service's name, as it appears in logs, metrics and event sources. */
export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** What every service has: configuration, problem+json errors, identity, health and metrics. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(service: string, config: object): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: service },
        HealthRegistry,
        MetricsService,
        { provide: APP_FILTER, useClass: ProblemJsonFilter },
        { provide: APP_GUARD, useClass: DevelopmentIdentityGuard },
      ],
      exports: [APP_CONFIG, SERVICE_NAME, HealthRegistry, MetricsService],
    };
  }
}
