import { APP_CONFIG, ApiPathParameter, ApiProblems, Public, ZodValidationPipe } from '@cme/platform';
import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';

import { type CreditsConfig } from '../credits-config';
import { AchievementCredentials } from './achievement-credential';
import { DocumentSigningKey, type PublicSigningJwk } from './document-signing-key';
import { sendCalendar } from './documents.controller';
import { DocumentsService } from './documents.service';
import { publicBaseUrl } from './public-base-url';

const SubscriptionTokenSchema = z.string().min(1).max(100);

/** What needs no bearer token: subscribed calendar feeds (the token is in the address) and the issuer's keys. */
@ApiTags('documents')
@Controller('v1')
export class PublicDocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly credentials: AchievementCredentials,
    private readonly key: DocumentSigningKey,
    @Inject(APP_CONFIG) private readonly config: CreditsConfig,
  ) {}

  @Get('calendar/:token.ics')
  @Public()
  @ApiOperation({
    summary: "A practitioner's deadlines calendar, by subscription address (no bearer token)",
    description:
      'The same calendar as GET /v1/practitioners/me/deadlines.ics, for calendar apps. 401 for an address ' +
      'this service did not issue, 404 for one revoked or replaced.',
  })
  @ApiPathParameter('token', SubscriptionTokenSchema)
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'An iCalendar (RFC 5545) file', schema: { type: 'string' } })
  @ApiProblems(400, 401, 404)
  async feed(
    @Param('token', new ZodValidationPipe(SubscriptionTokenSchema, 'params')) token: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendCalendar(reply, await this.documents.subscribedDeadlines(token));
  }

  @Get('credentials/jwks.json')
  @Public()
  @ApiOperation({ summary: 'The public keys credentials are signed with (JWKS), for verifiers' })
  @ApiOkResponse({ description: '{ keys }: Ed25519 keys (OKP), each with its kid' })
  @ApiProblems()
  async jwks(): Promise<{ keys: PublicSigningJwk[] }> {
    return { keys: [await this.key.jwk()] };
  }

  @Get('credentials/issuer')
  @Public()
  @ApiOperation({ summary: 'The issuer profile of the credentials (Open Badges 3.0 Profile)' })
  @ApiOkResponse({ description: 'The Profile, with where its public keys are' })
  @ApiProblems()
  issuer(@Req() request: FastifyRequest) {
    return this.credentials.issuerProfile(publicBaseUrl(this.config, request));
  }
}
