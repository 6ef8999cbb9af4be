import { type Readable } from 'node:stream';

import { ApiProblems, type Caller, CurrentCaller, isCsv, RequireRoles } from '@cme/platform';
import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';

import { CreditImportErrors } from './credit-import.errors';
import {
  CREDIT_IMPORT_COLUMNS,
  CREDIT_IMPORT_LIMIT_BYTES,
  CREDIT_IMPORT_TEMPLATE,
  csvCreditRows,
} from './credit-import-format';
import { CreditImportService, type CreditImportSummary } from './credit-import.service';

@ApiTags('credit imports')
@Controller('v1')
export class CreditImportsController {
  constructor(private readonly imports: CreditImportService) {}

  @Post('practitioners/me/credit-imports')
  @HttpCode(200)
  @RequireRoles('practitioner')
  @ApiOperation({
    summary: 'Record many outside activities from a CSV transcript, row by row',
    description:
      `Header: ${CREDIT_IMPORT_COLUMNS.join(',')} (title, provider, completedOn and credits required; see ` +
      'the template). Each row is recorded like a single POST of an outside activity and fails alone. ' +
      'Uploading the same rows again records nothing new (they count as duplicates, alreadyImported). ' +
      `Streamed, up to ${CREDIT_IMPORT_LIMIT_BYTES / 1024 / 1024} MiB.`,
    requestBody: {
      required: true,
      content: {
        'text/csv': { schema: { type: 'string', description: `Header: ${CREDIT_IMPORT_COLUMNS.join(',')}` } },
      },
    },
  })
  @ApiOkResponse({
    description: 'How many rows were recorded, flagged as duplicates or already imported, and which failed',
  })
  @ApiProblems(400, 413, 415)
  import(@CurrentCaller() caller: Caller, @Req() request: FastifyRequest): Promise<CreditImportSummary> {
    if (!isCsv(request)) throw CreditImportErrors.notCsv();
    return this.imports.run(caller, csvCreditRows(request.body as Readable, CREDIT_IMPORT_LIMIT_BYTES));
  }

  @Get('credit-imports/template.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The credit import template: its header and one example row to replace' })
  @ApiOkResponse({ description: 'A CSV file', content: { 'text/csv': { schema: { type: 'string' } } } })
  template(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="credit-import-template.csv"');
    return CREDIT_IMPORT_TEMPLATE;
  }
}
