import { type Readable } from 'node:stream';

import { RequireRoles } from '@cme/platform';
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';

import { CourseImportErrors } from './course-import.errors';
import { CourseImportService, type ImportSummary } from './course-import.service';
import { csvColumnOf, csvCourseRows } from './csv-course-rows';
import { CSV_IMPORT_LIMIT_BYTES, isCsv } from './csv-body-parser';

@ApiTags('course imports')
@Controller('v1/course-imports')
export class CourseImportsController {
  constructor(private readonly imports: CourseImportService) {}

  @Post()
  @HttpCode(200)
  @RequireRoles('staff', 'admin')
  @ApiConsumes('text/csv', 'application/json')
  @ApiOperation({
    summary: 'Create or update courses from a CSV file or a JSON array, matched by externalId',
    description:
      'Each row is validated and stored on its own; new courses are drafts. CSV is streamed (up to ' +
      `${CSV_IMPORT_LIMIT_BYTES / 1024 / 1024} MiB); a JSON array is limited to the 1 MiB of any request body.`,
  })
  @ApiBody({ schema: { type: 'array', items: { type: 'object' } } })
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
