import { type DynamicModule, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type FastifyInstance, type FastifyRequest } from 'fastify';

import { CsvImportErrors } from './csv-import.errors';

const CSV_BODY_LIMIT = Symbol('CSV_BODY_LIMIT');

export function isCsv(request: FastifyRequest): boolean {
  return /^text\/csv\b/i.test(request.headers['content-type'] ?? '');
}

/**
 * Hands `text/csv` bodies to the route as the request stream itself, unread: an import reads it row by row
 * (see `csvRows`), so a file costs time, not memory. A declared length over the limit is refused (413) before
 * anything is read; a body without one is cut off by `csvRows` at the same limit.
 */
@Injectable()
class CsvBodyParser implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(CSV_BODY_LIMIT) private readonly limitBytes: number,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addContentTypeParser('text/csv', (request, payload, done) => {
      if (Number(request.headers['content-length'] ?? 0) > this.limitBytes) {
        done(CsvImportErrors.tooLarge(this.limitBytes), undefined);
      } else {
        done(null, payload);
      }
    });
  }
}

/** `text/csv` request bodies for a service's CSV imports; import it once per service. */
@Module({})
export class CsvBodyModule {
  static withLimit(limitBytes: number): DynamicModule {
    return {
      module: CsvBodyModule,
      providers: [{ provide: CSV_BODY_LIMIT, useValue: limitBytes }, CsvBodyParser],
    };
  }
}
