import { ApiProblems, ApiQueryParameters, RequireRoles, ZodValidationPipe } from '@cme/platform';
import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { ComplianceEvaluator } from '../compliance/compliance-evaluator';
import { ComplianceRoster, type RosterPage } from './compliance-roster';
import { RosterQueryShape, rosterQuerySchema, type RosterQuery } from './compliance-roster.dto';

@ApiTags('reports')
@Controller('v1/reports')
export class ReportsController {
  private readonly rosterQuery: ZodValidationPipe<ReturnType<typeof rosterQuerySchema>>;

  constructor(
    private readonly roster: ComplianceRoster,
    evaluator: ComplianceEvaluator,
  ) {
    const requirementIds = new Set(
      evaluator.packs.packs.flatMap((pack) => pack.rules.map((rule) => rule.id)),
    );
    this.rosterQuery = new ZodValidationPipe(rosterQuerySchema(requirementIds), 'query');
  }

  @Get('compliance')
  @RequireRoles('staff', 'admin')
  @ApiOperation({
    summary: 'The compliance roster: practitioners with the status of each of their requirements',
    description:
      'Read from the stored results, which every profile change, credit change and rule-pack change keeps ' +
      'current (never evaluated per request). status, requirement and deadlineBefore must hold for one and ' +
      'the same requirement. JSON pages in practitioner id order ({ items, nextCursor }); format=csv exports ' +
      'every matching practitioner, one row per requirement, formula-looking cells escaped.',
  })
  @ApiQueryParameters(z.object(RosterQueryShape))
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '{ items, nextCursor }, or the whole roster as text/csv' })
  @ApiProblems(400)
  async compliance(@Query() raw: unknown): Promise<RosterPage | StreamableFile> {
    const query: RosterQuery = this.rosterQuery.transform(raw);
    if (query.format === 'csv') {
      return new StreamableFile(this.roster.csv(query.filter), {
        type: 'text/csv; charset=utf-8',
        disposition: 'attachment; filename="compliance-roster.csv"',
      });
    }
    return this.roster.page(query.filter, query.limit, query.after);
  }
}
