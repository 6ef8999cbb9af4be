import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { IdentityGuard, REDIS, sendProblem, STAFF_ROLES, switchedOn } from '@cme/platform';
import { Inject, Injectable, Logger, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Queue } from 'bullmq';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type Redis } from 'ioredis';

import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications-config';
import { COURSE_ALERT_SCAN_QUEUE } from './course-alerts/course-alert-scan';
import { EMAIL_QUEUE } from './email/email-jobs';
import { REMINDER_SWEEP_QUEUE } from './reminder-sweep/reminder-sweep';

/** Where the dashboard is served: its page, its static files and its JSON API, all below this path. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** The queues the dashboard shows (and may act on: retry, clean, pause). */
export const DASHBOARD_QUEUES = [EMAIL_QUEUE, REMINDER_SWEEP_QUEUE, COURSE_ALERT_SCAN_QUEUE] as const;

/**
 * The queue dashboard (bull-board) at /admin/queues, for staff and admins. Its routes are a Fastify plugin's,
 * not Nest controllers, so the API's guard does not see them: an `onRequest` hook of the plugin's own scope
 * runs the same checks (verified bearer token, user rate limit, role) and answers problem+json. They are
 * left out of the OpenAPI document (the service's API is what it describes). Off in production unless
 * `QUEUE_DASHBOARD_ENABLED=true`; off, /admin/queues answers 404.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(QueueDashboard.name);
  private readonly queues: Queue[] = [];

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(IdentityGuard) private readonly identity: IdentityGuard,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  onModuleInit(): void {
    if (!switchedOn(this.config.QUEUE_DASHBOARD_ENABLED, this.config)) return;
    // Queue objects of its own: closing them closes nothing the workers and the sweep use.
    this.queues.push(
      ...DASHBOARD_QUEUES.map(
        (name) => new Queue(name, { connection: this.redis, prefix: this.config.QUEUE_PREFIX }),
      ),
    );
    const board = new BullBoardFastifyAdapter();
    board.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: this.queues.map((queue) => new BullMQAdapter(queue)),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'CME notifications' } },
    });
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // An encapsulated scope: the hook guards the dashboard's routes and no others.
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', (request, reply) => this.authorize(request, reply));
        await scope.register(board.registerPlugin());
      },
      { prefix: QUEUE_DASHBOARD_PATH },
    );
    this.logger.log({ msg: 'queue dashboard enabled', path: QUEUE_DASHBOARD_PATH });
  }

  private async authorize(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    try {
      await this.identity.authorize(request, STAFF_ROLES);
      return undefined;
    } catch (error) {
      // Answered here: Fastify runs nothing further for a request whose hook returned the reply.
      return sendProblem(reply, error, request);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.close()));
  }
}

@Module({ providers: [QueueDashboard] })
export class QueueDashboardModule {}
