import { REDIS } from '@cme/platform';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import { type Redis } from 'ioredis';

import { courseScanJobId } from '../../course-alerts/course-alert.schema';
import { CourseAlerts, type CourseScanJob } from '../../course-alerts/course-alerts';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../../notifications-config';
import { EMAIL_QUEUE_TOKEN } from '../email/email-queue.module';

export const COURSE_ALERT_SCAN_QUEUE = 'course-alert-scan';

/** While the email queue holds more than this many batches of work, the next batch waits. */
const BACKLOG_BATCHES = 10;
const BACKLOG_PAUSE_MS = 5000;

/**
 * Works a newly published course's scan one batch per job: each job reads COURSE_ALERT_BATCH practitioners
 * and adds the job of the next batch (its id derived from the course and where it starts, so a retried job
 * adds the same one). Redis holds at most the email jobs of a few batches: while the email queue is behind,
 * the next batch is delayed.
 */
@Injectable()
export class CourseAlertScan implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CourseAlertScan.name);
  private readonly queue: Queue<CourseScanJob>;
  private worker?: Worker<CourseScanJob>;

  constructor(
    @Inject(CourseAlerts) private readonly alerts: CourseAlerts,
    @Inject(EMAIL_QUEUE_TOKEN) private readonly emails: Queue,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {
    this.queue = new Queue(COURSE_ALERT_SCAN_QUEUE, { connection: redis, prefix: config.QUEUE_PREFIX });
    this.queue.on('error', (error) =>
      this.logger.warn({ msg: 'course alert scan: Redis error', error: error.message }),
    );
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker<CourseScanJob>(COURSE_ALERT_SCAN_QUEUE, (job) => this.work(job), {
      connection: this.redis,
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 1,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn({
        msg: 'course alert scan failed',
        courseId: job?.data.courseId,
        error: error.message,
      }),
    );
  }

  /** Starts a course's scan (once: the job id is the course's while BullMQ keeps the job). */
  start(courseId: string): Promise<unknown> {
    return this.add({ courseId }, 0);
  }

  private async work(job: Job<CourseScanJob>): Promise<void> {
    const step = await this.alerts.scan(job.data);
    if (step.next === undefined) return;
    const pending = await this.emails.getJobCounts('waiting', 'delayed', 'prioritized');
    const backlog = pending.waiting + pending.delayed + pending.prioritized;
    const behind = backlog > BACKLOG_BATCHES * this.config.COURSE_ALERT_BATCH;
    await this.add({ courseId: job.data.courseId, after: step.next }, behind ? BACKLOG_PAUSE_MS : 0);
  }

  private add(data: CourseScanJob, delay: number): Promise<unknown> {
    return this.queue.add('scan', data, {
      jobId: courseScanJobId(data.courseId, data.after),
      delay,
      attempts: 5,
      backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
      // Kept as long as a course alerts at all, so that a later event about the course finds its scan done.
      removeOnComplete: { age: this.config.COURSE_ALERT_WINDOW_DAYS * 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}
