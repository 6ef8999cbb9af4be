import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { AppException } from '../errors/app-exception';
import { Public } from '../identity/caller';
import { ApiProblems } from '../openapi/api-problems';
import { jsonSchemaOf } from '../openapi/json-schema';
import { HealthRegistry, ReadinessReportSchema, type ReadinessReport } from './health-registry';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({
    description: 'The process is alive',
    schema: jsonSchemaOf(z.object({ status: z.literal('live') }), 'output'),
  })
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  /** 200 when every dependency answers; otherwise 503 naming the ones that are down (why is in the log). */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: every dependency (database, Kafka, Redis, SMTP) answers' })
  @ApiOkResponse({
    description: 'Every dependency answers',
    schema: jsonSchemaOf(ReadinessReportSchema, 'output'),
  })
  @ApiProblems(503)
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
