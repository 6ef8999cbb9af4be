import { existsSync } from 'node:fs';
import path from 'node:path';

import { Controller, Get, Req, Res } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';

import { PortalProblems } from '../portal-problems';
import { AppDirectory } from './app-directory';

/** Health, and the single-page app's index for every page path (the app routes in the browser). */
@Controller()
export class AppShellController {
  constructor(private readonly app: AppDirectory) {}

  @Get('health/live')
  live(): { status: string } {
    return { status: 'ok' };
  }

  /** Ready once the built app is there to serve. */
  @Get('health/ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const built = existsSync(path.join(this.app.root, 'index.html'));
    await reply.status(built ? 200 : 503).send({ status: built ? 'ok' : 'the app is not built' });
  }

  @Get(['', '*'])
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (/^\/(api|auth|assets)(\/|$)/.test(request.url)) {
      await reply.status(404).type('application/problem+json').send(PortalProblems.unknownApi());
      return;
    }
    await reply.header('cache-control', 'no-cache').sendFile('index.html', this.app.root);
  }
}
