import {
  ApiPathParameter,
  ApiProblems,
  ApiQueryParameters,
  type Caller,
  CurrentCaller,
  jsonSchemaOf,
  RequireRoles,
  SelfOrStaff,
  ZodValidationPipe,
} from '@cme/platform';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { z } from 'zod';

import { PractitionerIdSchema } from '../practitioners/practitioner.dto';
import { type CreditEntry } from './credit-entry';
import {
  CatalogCreditClaimSchema,
  type CreditCorrection,
  CreditCorrectionSchema,
  CreditIdSchema,
  type CreditListQuery,
  CreditListQuerySchema,
  IdempotencyKeySchema,
  type NewCredit,
  newCreditSchemaOf,
  OutsideCreditSchema,
} from './credit-entry.dto';
import { LedgerService } from './ledger.service';

const idempotencyKeyPipe = new ZodValidationPipe(IdempotencyKeySchema, 'headers');
const creditId = new ZodValidationPipe(CreditIdSchema, 'params');
const practitionerId = new ZodValidationPipe(PractitionerIdSchema, 'params');
const listQuery = new ZodValidationPipe(CreditListQuerySchema, 'query');
/** A body with `activity` is read as an outside activity, any other as a catalog claim. */
const newCredit = {
  transform: (body: unknown): NewCredit => new ZodValidationPipe(newCreditSchemaOf(body)).transform(body),
};

/** An entry as the API shows it: the idempotency digest stays inside. */
export function creditView({ idempotency: _idempotency, ...entry }: CreditEntry) {
  return {
    ...entry,
    ...(entry.voidedAt && { voidedAt: entry.voidedAt.toISOString() }),
    history: entry.history.map((change) => ({ ...change, at: change.at.toISOString() })),
    recordedAt: entry.recordedAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  };
}

export type CreditView = ReturnType<typeof creditView>;

@ApiTags('credits')
@Controller('v1/practitioners')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Post('me/credits')
  @RequireRoles('practitioner')
  @ApiOperation({
    summary: 'Record a credit once; it counts toward every requirement it qualifies for',
    description:
      'A catalog claim { courseId, completedOn, claimed } or an outside activity { activity: { title, provider, ' +
      'accreditor?, activityId?, format, topics, approvals? }, completedOn, claimed, certificateId? }. A possible ' +
      'duplicate is stored and flagged (possibleDuplicateOf) and counts once until confirmed distinct.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'A retried POST with the same key and body answers the first entry (200); another body is 422',
    schema: jsonSchemaOf(IdempotencyKeySchema),
  })
  @ApiBody({ schema: jsonSchemaOf(z.union([CatalogCreditClaimSchema, OutsideCreditSchema])) })
  @ApiCreatedResponse({ description: 'The credit, recorded' })
  @ApiOkResponse({ description: 'The credit a previous request with this Idempotency-Key recorded' })
  @ApiProblems(400, 409, 422)
  async record(
    @CurrentCaller() caller: Caller,
    @Body(newCredit) credit: NewCredit,
    @Headers('idempotency-key') idempotencyKeyHeader: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreditView> {
    const idempotencyKey = idempotencyKeyPipe.transform(idempotencyKeyHeader);
    const { entry, created } = await this.ledger.record(caller, credit, idempotencyKey);
    void reply.status(created ? 201 : 200);
    if (!created) void reply.header('idempotent-replayed', 'true');
    return creditView(entry);
  }

  @Get('me/credits')
  @RequireRoles('practitioner')
  @ApiOperation({ summary: 'My ledger, newest completion first (voided entries on request)' })
  @ApiQueryParameters(CreditListQuerySchema)
  @ApiOkResponse({ description: 'A page of credits: { items, nextCursor }' })
  @ApiProblems(400)
  async mine(@CurrentCaller() caller: Caller, @Query(listQuery) query: CreditListQuery) {
    return this.page(caller.id, query);
  }

  @Get('me/credits/:creditId')
  @RequireRoles('practitioner')
  @ApiOperation({ summary: 'One of my credits, with its history' })
  @ApiPathParameter('creditId', CreditIdSchema)
  @ApiOkResponse({ description: 'The credit' })
  @ApiProblems(400, 404)
  async one(@CurrentCaller() caller: Caller, @Param('creditId', creditId) id: string): Promise<CreditView> {
    return creditView(await this.ledger.get(caller.id, id));
  }

  @Patch('me/credits/:creditId')
  @RequireRoles('practitioner')
  @ApiOperation({
    summary:
      'Correct a credit (its history keeps what changed); confirmedDistinct resolves a possible duplicate',
  })
  @ApiPathParameter('creditId', CreditIdSchema)
  @ApiBody({ schema: jsonSchemaOf(CreditCorrectionSchema) })
  @ApiOkResponse({ description: 'The credit as corrected' })
  @ApiProblems(400, 404, 409, 422)
  async correct(
    @CurrentCaller() caller: Caller,
    @Param('creditId', creditId) id: string,
    @Body(new ZodValidationPipe(CreditCorrectionSchema)) correction: CreditCorrection,
  ): Promise<CreditView> {
    return creditView(await this.ledger.correct(caller, id, correction));
  }

  @Delete('me/credits/:creditId')
  @HttpCode(204)
  @RequireRoles('practitioner')
  @ApiOperation({ summary: 'Void a credit: it stays in the ledger and its history, and stops counting' })
  @ApiPathParameter('creditId', CreditIdSchema)
  @ApiNoContentResponse({ description: 'Voided (voiding again changes nothing)' })
  @ApiProblems(400, 404, 409)
  async void(@CurrentCaller() caller: Caller, @Param('creditId', creditId) id: string): Promise<void> {
    await this.ledger.void(caller, id);
  }

  @Get(':id/credits')
  @SelfOrStaff('id')
  @ApiOperation({ summary: "A practitioner's ledger (staff, or the practitioner themself)" })
  @ApiPathParameter('id', PractitionerIdSchema)
  @ApiQueryParameters(CreditListQuerySchema)
  @ApiOkResponse({ description: 'A page of credits: { items, nextCursor }' })
  @ApiProblems(400)
  async ofPractitioner(@Param('id', practitionerId) id: string, @Query(listQuery) query: CreditListQuery) {
    return this.page(id, query);
  }

  private async page(practitioner: string, query: CreditListQuery) {
    const page = await this.ledger.list(practitioner, query);
    return { items: page.items.map(creditView), nextCursor: page.nextCursor };
  }
}
