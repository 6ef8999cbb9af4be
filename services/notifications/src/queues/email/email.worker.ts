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

import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../../notifications-config';
import { EMAIL_QUEUE, type EmailJobData, type EmailJobName, EmailJobs } from './email-jobs';
import { ReminderSender } from '../../reminders/reminder-sender';
import { DeliveriesService } from '../../deliveries/deliveries.service';
import { CourseAlertSender } from '../../course-alerts/course-alert-sender';

/** Works the email queue; every job name has its handler (the record type makes a missing one a compile error). */
@Injectable()
export class EmailWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EmailWorker.name);
  private worker?: Worker<EmailJobData>;
  private readonly handlers: Record<EmailJobName, (job: Job<EmailJobData>) => Promise<void>>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(DeliveriesService) deliveries: DeliveriesService,
    @Inject(ReminderSender) reminders: ReminderSender,
    @Inject(CourseAlertSender) courseAlerts: CourseAlertSender,
  ) {
    // The last attempt records a transient failure as final: the job will not come back.
    const lastAttempt = (job: Job<EmailJobData>) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    this.handlers = {
      [EmailJobs.creditConfirmation]: ({ data }) => deliveries.sendCreditConfirmation(data.deliveryId),
      [EmailJobs.reminderDigest]: (job) => reminders.send(job.data.deliveryId, lastAttempt(job)),
      [EmailJobs.courseAlert]: (job) => courseAlerts.send(job.data.deliveryId, lastAttempt(job)),
    };
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker<EmailJobData>(EMAIL_QUEUE, (job) => this.process(job), {
      connection: this.redis,
      prefix: this.config.QUEUE_PREFIX,
      // As many sends at once as the SMTP pool has connections, and a few composing meanwhile.
      concurrency: this.config.SMTP_MAX_CONNECTIONS * 2,
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
      ((job: Job<EmailJobData>) => Promise<void>) | undefined;
    if (!handler) throw new UnrecoverableError(`no handler for email job ${job.name}`);
    return handler(job);
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
