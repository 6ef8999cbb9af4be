import { createHash } from 'node:crypto';

import { insertAllowingDuplicates, REDIS } from '@cme/platform';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Queue, Worker } from 'bullmq';
import { type Redis } from 'ioredis';
import { type Model, type mongo } from 'mongoose';

import { Clock } from '../../clock';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../../notifications-config';
import { EMAIL_QUEUE_TOKEN } from '../email/email-queue.module';
import { EMAIL_JOB_DEFAULTS, type EmailJobData, EmailJobs } from '../email/email-jobs';
import {
  preferencesOf,
  RECIPIENT_MODEL,
  type RecipientDocument,
  timeZoneOf,
} from '../../reminders/recipient.schema';
import { REMINDER_DIGEST_MODEL, type ReminderDigestDocument } from '../../reminders/reminder-digest.schema';
import { REMINDER_MODEL, type ReminderDocument } from '../../reminders/reminder.schema';
import { localDateOf } from '../../reminders/zoned-time';

export interface SweepResult {
  /** Reminders moved from scheduled to queued by this sweep. */
  queued: number;
  /** Digest jobs added (new, or re-added after Redis lost them). */
  jobs: number;
}

type DueReminder = Pick<ReminderDocument, '_id' | 'practitionerId' | 'dueAt'>;

/** How long a reminder may be queued without its digest before a sweep takes it for an orphan. */
const ORPHAN_GRACE_MS = 60_000;

/** The digests of reminders claimed for them, as the sweep writes them. */
function digestsOf(
  reminders: (DueReminder & Pick<ReminderDocument, 'digestId'>)[],
  now: Date,
): ReminderDigestDocument[] {
  const digests = new Map<string, ReminderDigestDocument>();
  for (const reminder of reminders) {
    const digestId = reminder.digestId as string;
    const digest = digests.get(digestId) ?? {
      _id: digestId,
      kind: 'reminder-digest' as const,
      practitionerId: reminder.practitionerId,
      reminderIds: [],
      dueAt: reminder.dueAt,
      status: 'queued' as const,
      createdAt: now,
    };
    digest.reminderIds.push(reminder._id);
    if (reminder.dueAt < digest.dueAt) digest.dueAt = reminder.dueAt;
    digests.set(digestId, digest);
  }
  return [...digests.values()];
}

/** Runs the reminder sweep on the schedule of its job scheduler, on one instance at a time per run. */
export const REMINDER_SWEEP_QUEUE = 'reminder-sweep';
export const REMINDER_SWEEP_SCHEDULER = 'reminder-sweep';

/**
 * Moves the reminders due before the end of the next window from MongoDB into the email queue, one digest
 * job per practitioner and day, in bounded batches. Safe to run on several instances at once and to repeat:
 * a reminder leaves `scheduled` by one conditional write, and digests and jobs have ids derived from their
 * reminders. Redis holds nothing MongoDB does not: every sweep re-adds the jobs of queued digests (a no-op
 * while the job exists), so a Redis that lost everything is refilled by the next sweep.
 */
@Injectable()
export class ReminderSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReminderSweep.name);
  private queue?: Queue;
  private worker?: Worker;
  private watchdog?: NodeJS.Timeout;

  constructor(
    @InjectModel(REMINDER_MODEL) private readonly reminders: Model<ReminderDocument>,
    @InjectModel(RECIPIENT_MODEL) private readonly recipients: Model<RecipientDocument>,
    @InjectModel(REMINDER_DIGEST_MODEL) private readonly digests: Model<ReminderDigestDocument>,
    @Inject(EMAIL_QUEUE_TOKEN) private readonly emails: Queue<EmailJobData>,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = { connection: this.redis, prefix: this.config.QUEUE_PREFIX };
    this.queue = new Queue(REMINDER_SWEEP_QUEUE, connection);
    this.worker = new Worker(REMINDER_SWEEP_QUEUE, () => this.sweep(), { ...connection, concurrency: 1 });
    this.worker.on('failed', (_job, error) =>
      this.logger.warn({ msg: 'reminder sweep failed', error: error.message }),
    );
    // Redis going away is reported by the health check; these only note it (unhandled, they would print).
    const note = (error: Error) =>
      this.logger.warn({ msg: 'reminder sweep: Redis error', error: error.message });
    this.worker.on('error', note);
    this.queue.on('error', note);
    await this.ensureScheduler();
    // The scheduler lives in Redis: were Redis emptied, each instance puts it back within one period.
    this.watchdog = setInterval(() => {
      this.ensureScheduler().catch((error: Error) =>
        this.logger.warn({ msg: 'reminder sweep scheduler not checked', error: error.message }),
      );
    }, this.config.REMINDER_SWEEP_EVERY_MS);
  }

  private async ensureScheduler(): Promise<void> {
    if (!this.queue || (await this.queue.getJobScheduler(REMINDER_SWEEP_SCHEDULER))) return;
    await this.queue.upsertJobScheduler(
      REMINDER_SWEEP_SCHEDULER,
      { every: this.config.REMINDER_SWEEP_EVERY_MS },
      { name: 'sweep', opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
    );
  }

  async sweep(): Promise<SweepResult> {
    const now = this.clock.now();
    const result: SweepResult = { queued: 0, jobs: 0 };
    // Digests whose job Redis lost go first: they were due before anything this sweep would add.
    let room = await this.emailQueueRoom();
    result.jobs += await this.requeueLost(now, room);
    room -= result.jobs;
    if (room > 0) {
      const queued = await this.queueDue(now, room);
      result.queued += queued.reminders;
      result.jobs += queued.jobs;
      room -= queued.jobs;
    }
    if (room > 0) result.jobs += await this.rebuildOrphans(now, room);
    if (room <= 0) {
      this.logger.warn({
        msg: 'email queue full: due reminders stay scheduled until the senders catch up',
        maxPending: this.config.EMAIL_QUEUE_MAX_PENDING,
      });
    }
    if (result.queued > 0) this.logger.log({ msg: 'reminders queued', ...result });
    return result;
  }

  /** Jobs the email queue can take before it holds {@link NotificationsConfig.EMAIL_QUEUE_MAX_PENDING}. */
  private async emailQueueRoom(): Promise<number> {
    const counts = await this.emails.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
    const pending = Object.values(counts).reduce((sum, count) => sum + count, 0);
    return this.config.EMAIL_QUEUE_MAX_PENDING - pending;
  }

  /**
   * Claims the reminders due before the end of the next window, earliest first, into at most `room` digests.
   * A digest holds at least one reminder, so a batch of no more reminders than the room left never overfills
   * the queue (beyond the rest of the last practitioner's reminders, which stay together).
   */
  private async queueDue(now: Date, room: number): Promise<{ reminders: number; jobs: number }> {
    const horizon = new Date(now.getTime() + this.config.REMINDER_SWEEP_AHEAD_MS);
    const total = { reminders: 0, jobs: 0 };
    // One query per sweep, read in batches: a query per batch would make the database find and sort the
    // due reminders again each time (a whole-collection scan on a server that does not use the index).
    // Sorted by practitioner within a due time, so that one practitioner's reminders stay in one batch.
    const due = this.reminders
      .find({ status: 'scheduled', dueAt: { $lte: horizon } }, { practitionerId: 1, dueAt: 1 })
      .sort({ dueAt: 1, practitionerId: 1 })
      .limit(this.config.REMINDER_SWEEP_BATCH * this.config.REMINDER_SWEEP_MAX_BATCHES)
      .lean<DueReminder[]>()
      .cursor({ batchSize: this.config.REMINDER_SWEEP_BATCH });
    let batch: DueReminder[] = [];
    const flush = async () => {
      const queued = await this.queueBatch(batch, now);
      total.reminders += queued.reminders;
      total.jobs += queued.jobs;
      batch = [];
    };
    try {
      for await (const reminder of due as AsyncIterable<DueReminder>) {
        const batchSize = Math.min(this.config.REMINDER_SWEEP_BATCH, room - total.jobs);
        if (batch.length >= batchSize && reminder.practitionerId !== batch[batch.length - 1].practitionerId) {
          await flush();
          if (total.jobs >= room) break;
        }
        batch.push(reminder);
      }
      if (batch.length > 0) await flush();
    } finally {
      await due.close();
    }
    return total;
  }

  private async queueBatch(due: DueReminder[], now: Date): Promise<{ reminders: number; jobs: number }> {
    const digestOf = await this.digestIds(due);
    const { modifiedCount } = await this.reminders.bulkWrite(
      due.map(({ _id }) => ({
        updateOne: {
          filter: { _id, status: 'scheduled' },
          update: { $set: { status: 'queued', digestId: digestOf.get(_id), queuedAt: now, updatedAt: now } },
        },
      })),
      { ordered: false },
    );
    // Every reminder claimed: the batch is ours as read. Otherwise a concurrent sweep claimed some (for the
    // same digest, or another if it read a different batch): keep those queued under our digests.
    const claimed =
      modifiedCount === due.length
        ? due.map((reminder) => ({ ...reminder, status: 'queued', digestId: digestOf.get(reminder._id) }))
        : await this.reminders
            .find(
              { _id: { $in: due.map(({ _id }) => _id) } },
              { practitionerId: 1, dueAt: 1, status: 1, digestId: 1 },
            )
            .lean();
    const digests = digestsOf(
      claimed.filter(
        (reminder) => reminder.status === 'queued' && reminder.digestId === digestOf.get(reminder._id),
      ),
      now,
    );
    await this.writeDigests(digests, now);
    const reminders = digests.reduce((sum, digest) => sum + digest.reminderIds.length, 0);
    return { reminders, jobs: digests.length };
  }

  private async writeDigests(digests: ReminderDigestDocument[], now: Date): Promise<void> {
    await insertAllowingDuplicates(
      this.digests.collection as unknown as mongo.Collection<ReminderDigestDocument>,
      digests,
    );
    await this.addJobs(digests, now);
  }

  /**
   * Writes the digests of reminders a sweep claimed but whose digest it never wrote (the process died
   * between the two writes), from the digest id each claimed reminder carries. Only reminders queued more
   * than {@link ORPHAN_GRACE_MS} ago, oldest first: a live sweep writes a batch's digests moments after
   * claiming it, and reminders long queued are either sent soon or such orphans.
   */
  private async rebuildOrphans(now: Date, room: number): Promise<number> {
    const queued = await this.reminders
      .find(
        { status: 'queued', queuedAt: { $lt: new Date(now.getTime() - ORPHAN_GRACE_MS) } },
        { practitionerId: 1, dueAt: 1, digestId: 1 },
      )
      .sort({ queuedAt: 1 })
      .limit(Math.min(this.config.REMINDER_SWEEP_BATCH, room))
      .lean();
    if (queued.length === 0) return 0;
    const digestIds = [...new Set(queued.map(({ digestId }) => digestId as string))];
    const written = new Set(
      (await this.digests.find({ _id: { $in: digestIds } }, { _id: 1 }).lean()).map(({ _id }) => _id),
    );
    const orphans = digestsOf(
      queued.filter(({ digestId }) => digestId && !written.has(digestId)),
      now,
    );
    if (orphans.length === 0) return 0;
    this.logger.warn({ msg: 'reminder digests rebuilt after a sweep died', count: orphans.length });
    await this.writeDigests(orphans, now);
    return orphans.length;
  }

  /**
   * The digest each reminder goes into: one per practitioner and local day when they want digests, else one
   * per reminder. The id hashes its reminders, so the same reminders always make the same digest.
   */
  private async digestIds(due: DueReminder[]): Promise<Map<string, string>> {
    const practitionerIds = [...new Set(due.map(({ practitionerId }) => practitionerId))];
    const recipients = new Map(
      (
        await this.recipients
          .find({ _id: { $in: practitionerIds } }, { preferences: 1, 'profile.timezone': 1 })
          .lean()
      ).map((recipient) => [recipient._id, recipient]),
    );
    const groups = new Map<string, string[]>();
    for (const { _id, practitionerId, dueAt } of due) {
      const recipient = recipients.get(practitionerId);
      const key = preferencesOf(recipient).digest
        ? `${practitionerId}\n${localDateOf(dueAt, timeZoneOf(recipient))}`
        : `${practitionerId}\n${_id}`;
      groups.set(key, [...(groups.get(key) ?? []), _id]);
    }
    const digestOf = new Map<string, string>();
    for (const [key, ids] of groups) {
      const hash = createHash('sha256').update(key).update(ids.sort().join('\n')).digest('hex');
      const digestId = `digest-${hash.slice(0, 40)}`;
      for (const id of ids) digestOf.set(id, digestId);
    }
    return digestOf;
  }

  private async addJobs(digests: Pick<ReminderDigestDocument, '_id' | 'dueAt'>[], now: Date): Promise<void> {
    if (digests.length === 0) return;
    await this.emails.addBulk(
      digests.map(({ _id, dueAt }) => ({
        name: EmailJobs.reminderDigest,
        data: { deliveryId: _id },
        opts: { ...EMAIL_JOB_DEFAULTS, jobId: _id, delay: Math.max(0, dueAt.getTime() - now.getTime()) },
      })),
    );
  }

  /**
   * Re-adds the jobs of digests still queued whose job Redis no longer has (one pipelined check), earliest
   * due first and no more than `room`; the rest are found by later sweeps.
   */
  private async requeueLost(now: Date, room: number): Promise<number> {
    if (room <= 0) return 0;
    const queued = await this.digests
      .find({ kind: 'reminder-digest', status: 'queued', createdAt: { $lt: now } }, { dueAt: 1 })
      .sort({ dueAt: 1 })
      .limit(this.config.REMINDER_SWEEP_BATCH * this.config.REMINDER_SWEEP_MAX_BATCHES)
      .lean();
    if (queued.length === 0) return 0;
    const pipeline = this.redis.pipeline();
    for (const { _id } of queued) pipeline.exists(this.emails.toKey(_id));
    const existing = (await pipeline.exec()) ?? [];
    const lost = queued.filter((_, index) => existing[index]?.[1] !== 1).slice(0, room);
    if (lost.length > 0) this.logger.warn({ msg: 'reminder digests re-queued', count: lost.length });
    await this.addJobs(lost, now);
    return lost.length;
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.watchdog);
    await this.worker?.close();
    await this.queue?.close();
  }
}
