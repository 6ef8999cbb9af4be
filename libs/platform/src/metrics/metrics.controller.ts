import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';

import { Public } from '../identity/caller';
import { MetricsService } from './metrics.service';

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('content-type', PROMETHEUS_TEXT)
  @ApiOperation({
    summary: 'Prometheus metrics of this instance',
    description: 'With METRICS_TOKEN set, only `Authorization: Bearer <METRICS_TOKEN>` may scrape them.',
  })
  @ApiProduces(PROMETHEUS_TEXT)
  @ApiOkResponse({ description: 'The metrics, in the Prometheus text format', schema: { type: 'string' } })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
