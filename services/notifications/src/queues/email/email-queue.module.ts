import { REDIS } from '@cme/platform';
import { Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { type Redis } from 'ioredis';

import { NOTIFICATIONS_CONFIG } from '../../notifications-config';
import { EMAIL_QUEUE } from './email-jobs';

export const EMAIL_QUEUE_TOKEN = Symbol('EMAIL_QUEUE');

@Injectable()
class EmailQueueLifecycle implements OnModuleDestroy {
  constructor(@Inject(EMAIL_QUEUE_TOKEN) private readonly queue: Queue) {}

  onModuleDestroy(): Promise<void> {
    return this.queue.close();
  }
}

@Module({
  providers: [
    {
      provide: EMAIL_QUEUE_TOKEN,
      useFactory: (redis: Redis, config: { QUEUE_PREFIX: string }) =>
        new Queue(EMAIL_QUEUE, { connection: redis, prefix: config.QUEUE_PREFIX }),
      inject: [REDIS, NOTIFICATIONS_CONFIG],
    },
    EmailQueueLifecycle,
  ],
  exports: [EMAIL_QUEUE_TOKEN],
})
export class EmailQueueModule {}
