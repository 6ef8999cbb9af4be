import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { AppException } from '../errors/app-exception';
import { Public } from '../identity/caller';
import { HealthRegistry, type ReadinessReport } from './health-registry';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  /** 200 when every dependency answers; otherwise 503 naming the ones that are down (why is in the log). */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: every dependency (database, Kafka, Redis, SMTP) answers' })
  async ready(): Promise<ReadinessReport> {
    const report = await this.registry.readiness();
    if (report.status === 'ready') return report;
    const down = Object.entries(report.checks)
      .filter(([, check]) => check.status === 'down')
      .map(([name]) => name);
    throw AppException.unavailable(
      'dependency-unavailable',
      `Not ready: ${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} down.`,
      { down, checks: report.checks },
    );
  }
}
