import { type Readable } from 'node:stream';

import { ApiProblems, isCsv, jsonSchemaOf, RequireRoles } from '@cme/platform';
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';

import { ImportedCourseSchema } from '../courses/course.dto';
import { CourseImportErrors } from './course-import.errors';
import { CourseImportService, type ImportSummary } from './course-import.service';
import { CSV_COLUMNS, CSV_IMPORT_LIMIT_BYTES, csvColumnOf, csvCourseRows } from './csv-course-rows';

@ApiTags('course imports')
@Controller('v1/course-imports')
export class CourseImportsController {
  constructor(private readonly imports: CourseImportService) {}

  @Post()
  @HttpCode(200)
  @RequireRoles('staff', 'admin')
  @ApiOperation({
    summary: 'Create or update courses from a CSV file or a JSON array, matched by externalId',
    description:
      'Each row is validated and stored on its own; new courses are drafts, and rows that fail are reported ' +
      `in \`failed\`. CSV is streamed (up to ${CSV_IMPORT_LIMIT_BYTES / 1024 / 1024} MiB); a JSON array is ` +
      'limited to the 1 MiB of any request body.',
    requestBody: {
      required: true,
      content: {
        'text/csv': {
          schema: { type: 'string', description: `Header: ${CSV_COLUMNS.join(',')}` },
        },
        'application/json': { schema: jsonSchemaOf(z.array(ImportedCourseSchema)) },
      },
    },
  })
  @ApiOkResponse({ description: 'How many rows were created, updated and left unchanged, and which failed' })
  @ApiProblems(400, 413)
  import(@Req() request: FastifyRequest, @Body() body: unknown): Promise<ImportSummary> {
    if (isCsv(request)) {
      return this.imports.run(csvCourseRows(body as Readable, CSV_IMPORT_LIMIT_BYTES), csvColumnOf);
    }
    if (!Array.isArray(body)) {
      throw CourseImportErrors.notImportable();
    }
    return this.imports.run(body.map((course: unknown, index) => ({ row: index + 1, course })));
  }
}
