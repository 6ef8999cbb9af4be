import multipart from '@fastify/multipart';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type FastifyInstance } from 'fastify';

import { CERTIFICATE_LIMIT_BYTES } from './certificate-limits';

/**
 * multipart/form-data on the service's Fastify instance (@fastify/multipart, over busboy): a certificate upload
 * is streamed and cut off at the size limit, never read whole before it is checked.
 *
 * Registered at bootstrap, once Nest has set its error handler: awaiting a plugin earlier (at module init) makes
 * Fastify settle every route with its default error handler, and framework errors (a body over the limit,
 * malformed JSON) would then answer Fastify's JSON instead of problem+json.
 */
@Injectable()
export class MultipartUploads implements OnApplicationBootstrap {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  async onApplicationBootstrap(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(multipart, {
      limits: { fileSize: CERTIFICATE_LIMIT_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
      throwFileSizeLimit: true,
    });
  }
}
