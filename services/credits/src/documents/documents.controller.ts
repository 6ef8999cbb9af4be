import {
  APP_CONFIG,
  ApiPathParameter,
  ApiProblems,
  ApiQueryParameters,
  type Caller,
  CurrentCaller,
  RequireRoles,
  SelfOrStaff,
  ZodValidationPipe,
} from '@cme/platform';
import { calendarDateSchema } from '@cme/requirements';
import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';

import { type CreditsConfig } from '../credits-config';
import { PractitionerIdSchema } from '../practitioners/practitioner.dto';
import { type SignedCredential } from './achievement-credential';
import { DocumentsService } from './documents.service';
import { publicBaseUrl } from './public-base-url';
import { transcriptCsv } from './transcript-csv';
import { transcriptPdf } from './transcript-pdf';

const TranscriptQuerySchema = z
  .object({
    format: z.enum(['pdf', 'csv']).default('pdf'),
    /** Credits completed on or after this date. */
    from: calendarDateSchema.optional(),
    /** Credits completed on or before this date; the requirements are evaluated as of it (or today if earlier). */
    to: calendarDateSchema.optional(),
  })
  .strict();
type TranscriptQuery = z.infer<typeof TranscriptQuerySchema>;

const RequirementIdSchema = z.string().min(1).max(100);

const transcriptQuery = new ZodValidationPipe(TranscriptQuerySchema, 'query');
const practitionerId = new ZodValidationPipe(PractitionerIdSchema, 'params');

const TRANSCRIPT_DESCRIPTION =
  'Every counted credit completed in the period (not voided, not a possible duplicate awaiting confirmation) ' +
  'with activity, provider, accreditor, date, credit type and amount, topic hours, certificate SHA-256 and the ' +
  'requirements it counts toward; then each requirement: cycle, deadline, status, required, earned, remaining ' +
  'and what the listed credits earn toward it. The SHA-256 of the canonical transcript data is printed on it ' +
  '(and in the X-Transcript-SHA256 header); the PDF carries that data as the attachment transcript.json.';

@ApiTags('documents')
@Controller('v1/practitioners')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    @Inject(APP_CONFIG) private readonly config: CreditsConfig,
  ) {}

  @Get('me/transcript')
  @RequireRoles('practitioner')
  @ApiOperation({ summary: 'My transcript, as PDF or CSV', description: TRANSCRIPT_DESCRIPTION })
  @ApiQueryParameters(TranscriptQuerySchema)
  @ApiProduces('application/pdf', 'text/csv')
  @ApiOkResponse({ description: 'The transcript file', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, 404)
  async myTranscript(
    @CurrentCaller() caller: Caller,
    @Query(transcriptQuery) query: TranscriptQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.sendTranscript(reply, caller.id, query);
  }

  @Get(':id/transcript')
  @SelfOrStaff('id')
  @ApiOperation({
    summary: "A practitioner's transcript, as PDF or CSV (staff, or the practitioner themself)",
    description: TRANSCRIPT_DESCRIPTION,
  })
  @ApiPathParameter('id', PractitionerIdSchema)
  @ApiQueryParameters(TranscriptQuerySchema)
  @ApiProduces('application/pdf', 'text/csv')
  @ApiOkResponse({ description: 'The transcript file', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, 404)
  async transcriptOf(
    @Param('id', practitionerId) id: string,
    @Query(transcriptQuery) query: TranscriptQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.sendTranscript(reply, id, query);
  }

  @Get('me/deadlines.ics')
  @RequireRoles('practitioner')
  @ApiOperation({
    summary: 'My upcoming deadlines as an iCalendar file',
    description:
      'One all-day event per requirement whose deadline is today or later, with the hours remaining in its ' +
      'description. UIDs are stable per practitioner, requirement and cycle: importing again updates events.',
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'An iCalendar (RFC 5545) file', schema: { type: 'string' } })
  @ApiProblems(404)
  async myDeadlines(@CurrentCaller() caller: Caller, @Res() reply: FastifyReply): Promise<void> {
    await sendCalendar(reply, await this.documents.deadlines(caller.id));
  }

  @Post('me/calendar-subscription')
  @RequireRoles('practitioner')
  @ApiOperation({
    summary: 'A calendar subscription address for my deadlines (replaces any former one)',
    description:
      'The address needs no bearer token (calendar apps send none): keep it private. It works until it is ' +
      'revoked (DELETE) or replaced by a new one.',
  })
  @ApiCreatedResponse({ description: '{ url, path, token, createdAt }: url is the address to subscribe to' })
  @ApiProblems(404)
  async subscribe(@CurrentCaller() caller: Caller, @Req() request: FastifyRequest) {
    const issued = await this.documents.subscribe(caller.id);
    return {
      url: `${publicBaseUrl(this.config, request)}${issued.path}`,
      path: issued.path,
      token: issued.token,
      createdAt: issued.createdAt.toISOString(),
    };
  }

  @Delete('me/calendar-subscription')
  @RequireRoles('practitioner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke my calendar subscription address' })
  @ApiNoContentResponse({ description: 'Revoked: the address answers 404 from now on' })
  @ApiProblems(404)
  async unsubscribe(@CurrentCaller() caller: Caller): Promise<void> {
    await this.documents.unsubscribe(caller.id);
  }

  @Get('me/credentials/:requirementId')
  @RequireRoles('practitioner')
  @ApiOperation({
    summary: 'An Open Badges 3.0 verifiable credential of a requirement I have met',
    description:
      '{ credential, jwt }: the OpenBadgeCredential (JSON-LD; the achievement is the requirement, with the ' +
      'cycle and the hours earned) and the same secured as a VC-JWT signed with EdDSA (Ed25519). Verify the ' +
      'JWT with the key of its kid in GET /v1/credentials/jwks.json. 409 while the requirement is not met.',
  })
  @ApiPathParameter('requirementId', RequirementIdSchema)
  @ApiOkResponse({ description: '{ credential, jwt }' })
  @ApiProblems(400, 404, 409)
  credential(
    @CurrentCaller() caller: Caller,
    @Param('requirementId', new ZodValidationPipe(RequirementIdSchema, 'params')) requirementId: string,
    @Req() request: FastifyRequest,
  ): Promise<SignedCredential> {
    return this.documents.credential(caller.id, requirementId, publicBaseUrl(this.config, request));
  }

  private async sendTranscript(reply: FastifyReply, owner: string, query: TranscriptQuery): Promise<void> {
    const { transcript, digest } = await this.documents.transcript(owner, query);
    const name = `transcript-${transcript.issuedOn}.${query.format}`;
    const body =
      query.format === 'csv' ? transcriptCsv(transcript, digest) : await transcriptPdf(transcript, digest);
    await reply
      .header('content-type', query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .header('x-transcript-sha256', digest)
      .send(body);
  }
}

export async function sendCalendar(reply: FastifyReply, calendar: string): Promise<void> {
  await reply
    .header('content-type', 'text/calendar; charset=utf-8')
    .header('content-disposition', 'inline; filename="cme-deadlines.ics"')
    .header('cache-control', 'private, no-cache')
    .send(calendar);
}
