import {
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
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { PractitionerIdSchema } from '../practitioners/practitioner.dto';
import { type ComplianceView } from './compliance-evaluator';
import { ComplianceService } from './compliance.service';
import { type Recommendation } from './course-recommender';

const ComplianceQuerySchema = z.object({ asOf: calendarDateSchema.optional() }).strict();
const RecommendationsQuerySchema = z
  .object({ limit: z.coerce.number().int().min(1).max(50).default(10) })
  .strict();

const complianceQuery = new ZodValidationPipe(ComplianceQuerySchema, 'query');
const practitionerId = new ZodValidationPipe(PractitionerIdSchema, 'params');

@ApiTags('compliance')
@Controller('v1/practitioners')
export class ComplianceController {
  constructor(private readonly compliance: ComplianceService) {}

  @Get('me/compliance')
  @RequireRoles('practitioner')
  @ApiOperation({
    summary: 'What is met, what is missing and by when, for every requirement that applies to me',
    description:
      'Evaluated now from the profile and the ledger, as of asOf (default: today in my time zone). Each credit ' +
      'counts toward every requirement it qualifies for; allocations show where, after caps and topic minimums. ' +
      'notCovered lists licenses, boards or registrations no rule pack covers: nothing is known about them.',
  })
  @ApiQueryParameters(ComplianceQuerySchema)
  @ApiOkResponse({ description: 'Every requirement that applies, with notCovered and skipped' })
  @ApiProblems(400, 404)
  mine(
    @CurrentCaller() caller: Caller,
    @Query(complianceQuery) query: z.infer<typeof ComplianceQuerySchema>,
  ): Promise<ComplianceView> {
    return this.compliance.evaluate(caller.id, query.asOf);
  }

  @Get('me/recommendations')
  @RequireRoles('practitioner')
  @ApiOperation({
    summary: 'Catalog courses ranked by the hours of my open gaps they would close, nearest deadline first',
  })
  @ApiQueryParameters(RecommendationsQuerySchema)
  @ApiOkResponse({ description: '{ items }: each course with the requirements and components it advances' })
  @ApiProblems(400, 404)
  async recommendations(
    @CurrentCaller() caller: Caller,
    @Query(new ZodValidationPipe(RecommendationsQuerySchema, 'query'))
    query: z.infer<typeof RecommendationsQuerySchema>,
  ): Promise<{ items: Recommendation[] }> {
    return { items: await this.compliance.recommendations(caller.id, query.limit) };
  }

  @Get(':id/compliance')
  @SelfOrStaff('id')
  @ApiOperation({ summary: "A practitioner's compliance (staff, or the practitioner themself)" })
  @ApiPathParameter('id', PractitionerIdSchema)
  @ApiQueryParameters(ComplianceQuerySchema)
  @ApiOkResponse({ description: 'Every requirement that applies, with notCovered and skipped' })
  @ApiProblems(400, 404)
  ofPractitioner(
    @Param('id', practitionerId) id: string,
    @Query(complianceQuery) query: z.infer<typeof ComplianceQuerySchema>,
  ): Promise<ComplianceView> {
    return this.compliance.evaluate(id, query.asOf);
  }
}
