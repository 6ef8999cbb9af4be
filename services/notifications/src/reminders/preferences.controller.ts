import {
  ApiProblems,
  ApiQueryParameters,
  type Caller,
  CurrentCaller,
  jsonSchemaOf,
  RequireRoles,
  ZodValidationPipe,
} from '@cme/platform';
import { Body, Controller, Get, Inject, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ReminderQueries } from './reminder-queries';
import { ReminderScheduler } from './reminder-scheduler';
import {
  type DeliveriesQuery,
  DeliveriesQuerySchema,
  type PreferencesInput,
  PreferencesSchema,
} from './reminders.dto';

@ApiTags('notifications')
@Controller('v1/notifications/me')
export class PreferencesController {
  constructor(
    @Inject(ReminderQueries) private readonly queries: ReminderQueries,
    @Inject(ReminderScheduler) private readonly scheduler: ReminderScheduler,
  ) {}

  @Get('preferences')
  @RequireRoles('practitioner')
  @ApiOperation({ summary: 'My reminder preferences (defaults until I change them)' })
  @ApiOkResponse({ description: '{ remindersEnabled, offsetsDays, digest, courseAlerts, timezone }' })
  @ApiProblems(400)
  preferences(@CurrentCaller() caller: Caller) {
    return this.queries.preferences(caller.id);
  }

  @Put('preferences')
  @RequireRoles('practitioner')
  @ApiOperation({
    summary: 'Replace my reminder preferences; pending reminders are rescheduled at once',
    description:
      'offsetsDays: days before a deadline a reminder goes out (1–365, at most 6), at 09:00 in timezone ' +
      '(an IANA zone; unset: my profile’s). digest: reminders due the same day come as one email.',
  })
  @ApiBody({ schema: jsonSchemaOf(PreferencesSchema) })
  @ApiOkResponse({ description: 'The preferences now in force' })
  @ApiProblems(400)
  async replace(
    @CurrentCaller() caller: Caller,
    @Body(new ZodValidationPipe(PreferencesSchema)) preferences: PreferencesInput,
  ) {
    await this.scheduler.setPreferences(caller.id, preferences);
    return this.queries.preferences(caller.id);
  }

  @Get('deliveries')
  @RequireRoles('practitioner')
  @ApiOperation({ summary: 'The emails sent (or being sent) to me, newest first' })
  @ApiQueryParameters(DeliveriesQuerySchema)
  @ApiOkResponse({ description: '{ items: [{ id, kind, subject, status, createdAt, sentAt }], nextCursor }' })
  @ApiProblems(400)
  deliveries(
    @CurrentCaller() caller: Caller,
    @Query(new ZodValidationPipe(DeliveriesQuerySchema, 'query')) query: DeliveriesQuery,
  ) {
    return this.queries.deliveries(caller.id, query);
  }
}
