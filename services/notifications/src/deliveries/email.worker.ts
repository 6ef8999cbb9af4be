import { REDIS } from '@cme/platform';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { type Redis } from 'ioredis';

import { EMAIL_QUEUE, type EmailJobData, type EmailJobName, EmailJobs } from '../queues/queue-names';
import { DeliveriesService } from './deliveries.service';

/** Works the email queue; every job name has its handler (the record type makes a missing one a compile error). */
@Injectable()
export class EmailWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EmailWorker.name);
  private worker?: Worker<EmailJobData>;
  private readonly handlers: Record<EmailJobName, (data: EmailJobData) => Promise<void>>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DeliveriesService) deliveries: DeliveriesService,
  ) {
    this.handlers = {
      [EmailJobs.creditConfirmation]: ({ deliveryId }) => deliveries.sendCreditConfirmation(deliveryId),
    };
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker<EmailJobData>(EMAIL_QUEUE, (job) => this.process(job), {
      connection: this.redis,
      concurrency: 5,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn({
        msg: 'email job failed',
        jobId: job?.id,
        attempts: job?.attemptsMade,
        error: error.message,
      }),
    );
  }

  private process(job: Job<EmailJobData>): Promise<void> {
    const handler = this.handlers[job.name as EmailJobName] as
      ((data: EmailJobData) => Promise<void>) | undefined;
    if (!handler) throw new UnrecoverableError(`no handler for email job ${job.name}`);
    return handler(job.data);
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
