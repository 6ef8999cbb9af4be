import { type Caller, CurrentCaller, RequireRoles, ZodValidationPipe } from '@cme/platform';
import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { z } from 'zod';

import { type CatalogCreditClaim, CatalogCreditClaimSchema, IdempotencyKeySchema } from './credit-claim.dto';
import { type CreditEntryView } from './credit-entry.schema';
import { LedgerService } from './ledger.service';

const idempotencyKeyPipe = new ZodValidationPipe(IdempotencyKeySchema, 'headers');

@ApiTags('credits')
@Controller('v1/practitioners/me/credits')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Post()
  @RequireRoles('practitioner')
  @ApiOperation({ summary: 'Record a credit once; it counts toward every requirement it qualifies for' })
  @ApiBody({ schema: z.toJSONSchema(CatalogCreditClaimSchema, { io: 'input' }) as object })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried POST returns the first result',
  })
  async record(
    @CurrentCaller() caller: Caller,
    @Body(new ZodValidationPipe(CatalogCreditClaimSchema)) claim: CatalogCreditClaim,
    @Headers('idempotency-key') idempotencyKeyHeader: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreditEntryView> {
    const idempotencyKey = idempotencyKeyPipe.transform(idempotencyKeyHeader);
    const { entry, created } = await this.ledger.recordCatalogCredit(caller, claim, idempotencyKey);
    void reply.status(created ? 201 : 200);
    return entry;
  }
}
