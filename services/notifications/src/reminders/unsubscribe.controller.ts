import { ApiProblems, ApiQueryParameters, Public, ZodValidationPipe } from '@cme/platform';
import { Controller, Get, HttpCode, Inject, type OnModuleInit, Post, Query } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type FastifyInstance } from 'fastify';
import { type z } from 'zod';

import { Clock } from '../clock';
import { ReminderScheduler } from './reminder-scheduler';
import { ReminderErrors } from './reminders.errors';
import { UnsubscribeQuerySchema } from './reminders.dto';
import { UnsubscribeTokens } from './unsubscribe-tokens';

const tokenQuery = new ZodValidationPipe(UnsubscribeQuerySchema, 'query');

/** The links in reminder emails: no login, the signed token says who and what. */
@ApiTags('notifications')
@Controller('v1/unsubscribe')
export class UnsubscribeController implements OnModuleInit {
  constructor(
    @Inject(UnsubscribeTokens) private readonly tokens: UnsubscribeTokens,
    @Inject(ReminderScheduler) private readonly scheduler: ReminderScheduler,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HttpAdapterHost) private readonly adapter: HttpAdapterHost,
  ) {}

  /** Mail clients post the one-click body `List-Unsubscribe=One-Click` as a form (RFC 8058); it says nothing more. */
  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    if (!fastify.hasContentTypeParser('application/x-www-form-urlencoded')) {
      fastify.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string' },
        (_request, body, done) => done(null, body),
      );
    }
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'What this unsubscribe link switches off (no login)' })
  @ApiQueryParameters(UnsubscribeQuerySchema)
  @ApiOkResponse({ description: '{ switchesOff, expiresAt }' })
  @ApiProblems(400, 404)
  show(@Query(tokenQuery) { token }: z.infer<typeof UnsubscribeQuerySchema>) {
    const claims = this.verified(token);
    return {
      switchesOff: 'deadline reminder emails',
      keeps: 'credit confirmations',
      expiresAt: claims.expiresAt.toISOString(),
    };
  }

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Switch reminder emails off (RFC 8058 one-click; no login)' })
  @ApiQueryParameters(UnsubscribeQuerySchema)
  @ApiOkResponse({ description: '{ remindersEnabled: false }' })
  @ApiProblems(400, 404)
  async unsubscribe(@Query(tokenQuery) { token }: z.infer<typeof UnsubscribeQuerySchema>) {
    const claims = this.verified(token);
    await this.scheduler.switchOff(claims.practitionerId);
    return { remindersEnabled: false };
  }

  private verified(token: string) {
    const claims = this.tokens.verify(token, this.clock.now());
    if (!claims) throw ReminderErrors.tokenInvalid();
    return claims;
  }
}
