import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';

import { sendProblem } from './problem-json';

/** Every error a request handler, guard or pipe lets escape becomes problem+json (see `toProblem`). */
@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    void sendProblem(http.getResponse<FastifyReply>(), error, http.getRequest<FastifyRequest>());
  }
}
