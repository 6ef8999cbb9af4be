import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type FastifyInstance, type FastifyRequest } from 'fastify';

import { CourseImportErrors } from './course-import.errors';

/**
 * CSV imports are streamed, so their size costs time, not memory, and the limit bounds how long one request
 * runs instead: 8 MiB is about 30,000 rows of a typical 270 bytes. Rows are stored one after another (a
 * lookup by id and two inserts each); on FerretDB we measured 115 rows/s into an empty catalog and 20 rows/s
 * at 2,000 courses, so large catalogs there are better imported in several files.
 */
export const CSV_IMPORT_LIMIT_BYTES = 8 * 1024 * 1024;

export function isCsv(request: FastifyRequest): boolean {
  return /^text\/csv\b/i.test(request.headers['content-type'] ?? '');
}

/** Hands `text/csv` bodies to the route as the request stream itself, unread. */
@Injectable()
export class CsvBodyParser implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addContentTypeParser('text/csv', (request, payload, done) => {
      if (Number(request.headers['content-length'] ?? 0) > CSV_IMPORT_LIMIT_BYTES) {
        done(CourseImportErrors.tooLarge(CSV_IMPORT_LIMIT_BYTES), undefined);
      } else {
        done(null, payload);
      }
    });
  }
}
