import { ApiProblems, ApiQueryParameters, RequireRoles, ZodValidationPipe } from '@cme/platform';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ReminderQueries } from './reminder-queries';
import { type RemindersQuery, RemindersQuerySchema } from './reminders.dto';

@ApiTags('reminders')
@Controller('v1/reminders')
export class RemindersController {
  constructor(@Inject(ReminderQueries) private readonly queries: ReminderQueries) {}

  @Get()
  @RequireRoles('staff', 'admin')
  @ApiOperation({
    summary: 'Reminders, soonest due first (staff): what is scheduled, queued, sent, cancelled, failed',
  })
  @ApiQueryParameters(RemindersQuerySchema)
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  @ApiProblems(400)
  list(@Query(new ZodValidationPipe(RemindersQuerySchema, 'query')) query: RemindersQuery) {
    return this.queries.list(query);
  }
}
