import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';

import { PROBLEM_CONTENT_TYPE, problemType } from '../errors/problem';
import { Public } from '../identity/caller';
import { HealthRegistry } from './health-registry';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  /** 200 when every dependency answers; otherwise 503 naming the ones that are down. */
  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const report = await this.registry.readiness();
    if (report.status === 'ready') {
      await reply.status(HttpStatus.OK).send(report);
      return;
    }
    const down = Object.entries(report.checks)
      .filter(([, check]) => check.status === 'down')
      .map(([name]) => name);
    await reply
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send({
        type: problemType('dependency-unavailable'),
        title: 'Service Unavailable',
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: `Not ready: ${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} down.`,
        down,
        checks: report.checks,
      });
  }
}
