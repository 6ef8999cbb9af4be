/**
 * Benchmark: deadline reminders for BENCH_PRACTITIONERS practitioners (comma-separated sizes, default
 * 1000,10000) × 3 requirements sharing a deadline (9 reminders each: offsets 90, 30 and 7 days).
 * Run: npm run bench:reminders. Each size runs on a throwaway MongoDB-wire server (memory backend, heap
 * BENCH_MONGO_HEAP, default 6g), Redis and SMTP server of its own (@cme/testing ThrowawayInfra), so large
 * sizes never load the shared database; Kafka is the shared one (the service's consumer group starts at the
 * topics' ends and is fed nothing). Per size:
 * - scheduling: the first BENCH_SCHEDULER_PRACTITIONERS (default 100) through the scheduler (the compliance
 *   listener's path without Kafka), timed; the rest seeded in bulk (insertMany of the same recipient and
 *   reminder documents, checked against the scheduler's) with progress lines;
 * - the clock moved to the 90-day reminders, the email queue paused, the sweep timed (reminders queued per
 *   second; goal ≥ 2,000), then Redis `used_memory_peak` of the whole throwaway Redis (goal < 256 MB) with
 *   the window's digest jobs waiting in it, as many as the email queue's bound (EMAIL_QUEUE_MAX_PENDING)
 *   lets in; beyond it, further sweeps, the benchmark emptying the queue in between as the senders would;
 * - sizes up to BENCH_SEND_MAX (default 10000): the queue resumed and the time until every digest is sent,
 *   beside raw nodemailer (pooled, same connections) sending as many messages of the same size to the same
 *   SMTP server (ratio).
 * Load average is printed with each size: the machine is shared. The last line is one JSON object with `met`.
 */

import { loadavg } from 'node:os';

import { startTestService, ThrowawayInfra, waitFor } from '@cme/testing';
import { type Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { mongo } from 'mongoose';
import { createTransport } from 'nodemailer';

import { Clock } from '../src/clock';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../src/notifications-config';
import { notificationsService } from '../src/notifications.module';
import { EMAIL_QUEUE_TOKEN } from '../src/queues/email/email-queue.module';
import { ReminderSweep } from '../src/queues/reminder-sweep/reminder-sweep';
import { type RecipientDocument } from '../src/reminders/recipient.schema';
import { planReminders } from '../src/reminders/reminder-plan';
import { type ReminderDocument } from '../src/reminders/reminder.schema';
import { ReminderScheduler } from '../src/reminders/reminder-scheduler';
import { requirementStanding } from '../src/reminders/testing/requirement-standing';

const SIZES = (process.env.BENCH_PRACTITIONERS ?? '1000,10000').split(',').map(Number);
const THROUGH_SCHEDULER = Number(process.env.BENCH_SCHEDULER_PRACTITIONERS ?? 100);
const SEND_MAX = Number(process.env.BENCH_SEND_MAX ?? 10_000);
const SEED_CHUNK = 2000;
const DUE = new Date('2027-04-01T09:00:00Z');
const REQUIREMENTS = ['tx-license', 'board-moc', 'dea-opioids'].map((id) =>
  requirementStanding({ id, name: id, deadline: '2027-06-30' }),
);
const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => (performance.now() - since) / 1000;
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function inParallel<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

function profileOf(id: string, domain: string) {
  return { version: 1, name: `Dr. ${id}`, email: `${id}@${domain}`, timezone: 'UTC' };
}

/** What the scheduler stores for a practitioner after their profile and compliance events, built in memory. */
function seedDocuments(id: string, domain: string, now: Date) {
  const recipient: RecipientDocument = {
    _id: id,
    profile: profileOf(id, domain),
    compliance: { version: 1, requirements: REQUIREMENTS },
    updatedAt: now,
  };
  const planned = planReminders(recipient, now).filter(({ dueAt }) => dueAt >= now);
  recipient.reminderIds = planned.map(({ id: reminderId }) => reminderId);
  const reminders: ReminderDocument[] = planned.map(({ id: reminderId, ...reminder }) => ({
    _id: reminderId,
    practitionerId: id,
    ...reminder,
    status: 'scheduled',
    createdAt: now,
    updatedAt: now,
  }));
  return { recipient, reminders };
}

async function redisMemory(redis: Redis): Promise<{ used: number; peak: number }> {
  const info = await redis.info('memory');
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? NaN);
  return { used: field('used_memory'), peak: field('used_memory_peak') };
}

const SEED_ATTEMPTS = 3;

/**
 * Inserts `docs`, again after a connection lost mid-batch (a server pausing to collect gigabytes of garbage
 * on a busy machine): what the first attempt stored is refused as a duplicate the second time, never doubled.
 */
async function insertAll<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  docs: mongo.OptionalUnlessRequiredId<T>[],
) {
  for (let attempt = 1; ; attempt++) {
    try {
      await collection.insertMany(docs, { ordered: false });
      return;
    } catch (error) {
      const onlyDuplicates =
        error instanceof mongo.MongoBulkWriteError &&
        error.writeErrors instanceof Array &&
        error.writeErrors.length > 0 &&
        error.writeErrors.every((writeError) => writeError.code === 11000);
      if (onlyDuplicates) return;
      if (attempt === SEED_ATTEMPTS) throw error;
      log(`  seeding: ${(error as Error).message}; trying the batch again`);
    }
  }
}

/** The throwaway infrastructure of the size being measured: stopped on Ctrl-C too, not left running. */
let running: ThrowawayInfra | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void (running?.destroy() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

async function measure(practitioners: number) {
  log(
    `${practitioners} practitioners: starting a throwaway MongoDB-wire server, Redis and SMTP (load ${load()})`,
  );
  process.env.CME_MONGO_HEAP = process.env.BENCH_MONGO_HEAP ?? '6g';
  process.env.CME_MONGO_GC ??= 'G1GC';
  const infra = await ThrowawayInfra.start(['mongo', 'redis', 'maildev']);
  running = infra;
  const { MONGO_URL, REDIS_URL, SMTP_URL } = infra.endpoints;
  const domain = 'bench.example.org';
  const service = await startTestService(notificationsService, {
    MONGO_URL,
    REDIS_URL,
    SMTP_URL,
    // The sweep is run by hand, timed; the scheduler's own runs are out of the way.
    REMINDER_SWEEP_EVERY_MS: String(24 * 3600 * 1000),
    REMINDER_SWEEP_BATCH: '1000',
    REMINDER_SWEEP_MAX_BATCHES: '100000',
    LOG_LEVEL: 'error',
  });
  const redis = new Redis(REDIS_URL);
  try {
    const idle = await redisMemory(redis);
    const ids = Array.from({ length: practitioners }, (_, i) => `bench-${i}`);
    const now = service.app.get(Clock).now();

    const scheduler = service.app.get(ReminderScheduler);
    const viaScheduler = ids.slice(0, THROUGH_SCHEDULER);
    const scheduleStart = performance.now();
    await inParallel(viaScheduler, 8, async (id) => {
      await scheduler.applyProfile({
        id,
        ...profileOf(id, domain),
        profession: 'MD',
        specialty: 'pain-medicine',
        licenses: [],
        boards: [],
        dea: null,
        flags: { directPatientCare: true, painClinic: true },
        updatedAt: now.toISOString(),
      });
      await scheduler.applyCompliance({
        practitionerId: id,
        version: 1,
        evaluatedAt: now.toISOString(),
        asOf: '2026-11-30',
        rulesVersion: 'bench',
        requirements: REQUIREMENTS,
        notCovered: [],
      });
    });
    const schedulerSeconds = seconds(scheduleStart);
    const reminders = service.connection.collection<ReminderDocument>('reminders');
    const recipients = service.connection.collection<RecipientDocument>('recipients');
    if (viaScheduler.length > 0) {
      // The bulk seed must store what the scheduler stores.
      const stored = await reminders.find({ practitionerId: viaScheduler[0] }).sort({ _id: 1 }).toArray();
      const built = seedDocuments(viaScheduler[0], domain, now).reminders.sort((a, b) =>
        a._id.localeCompare(b._id),
      );
      const shape = (docs: ReminderDocument[]) =>
        JSON.stringify(docs.map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest));
      if (shape(stored) !== shape(built)) throw new Error('bulk seed differs from what the scheduler stores');
    }
    log(
      `  scheduler: ${viaScheduler.length} practitioners in ${schedulerSeconds.toFixed(1)} s ` +
        `(${(viaScheduler.length / schedulerSeconds).toFixed(1)}/s)`,
    );

    const bulk = ids.slice(THROUGH_SCHEDULER);
    const seedStart = performance.now();
    for (let from = 0; from < bulk.length; from += SEED_CHUNK) {
      const chunk = bulk.slice(from, from + SEED_CHUNK).map((id) => seedDocuments(id, domain, now));
      await insertAll(
        recipients,
        chunk.map(({ recipient }) => recipient),
      );
      await insertAll(
        reminders,
        chunk.flatMap(({ reminders: docs }) => docs),
      );
      const done = Math.min(from + SEED_CHUNK, bulk.length);
      if (done % (SEED_CHUNK * 10) === 0 || done === bulk.length) {
        log(`  seeded ${done}/${bulk.length} in ${seconds(seedStart).toFixed(0)} s (load ${load()})`);
      }
    }
    const seedSeconds = seconds(seedStart);
    const scheduled = await reminders.countDocuments();
    log(`  ${scheduled} reminders scheduled; bulk seed ${seedSeconds.toFixed(1)} s`);

    // Jobs wait in Redis until the sweeps are done: its peak then holds as many digests as the email queue's
    // bound lets in (EMAIL_QUEUE_MAX_PENDING, the product's default). Sizes with more digests than that take
    // several sweeps; between them the benchmark stands in for the senders (sending hundreds of thousands of
    // emails to the local mail viewer would take hours): it empties the queue and marks its digests sent.
    const emails = service.app.get<Queue>(EMAIL_QUEUE_TOKEN);
    const maxPending = service.app.get<NotificationsConfig>(NOTIFICATIONS_CONFIG).EMAIL_QUEUE_MAX_PENDING;
    const deliveries = service.connection.collection('deliveries');
    await emails.pause();
    service.app.get(Clock).travelTo(DUE);
    const loadBefore = load();
    const swept = { queued: 0, jobs: 0, sweeps: 0 };
    let sweepSeconds = 0;
    let standInSeconds = 0;
    for (;;) {
      const sweepStart = performance.now();
      const sweep = await service.app.get(ReminderSweep).sweep();
      sweepSeconds += seconds(sweepStart);
      swept.queued += sweep.queued;
      swept.jobs += sweep.jobs;
      swept.sweeps += 1;
      const pending = await emails.getJobCountByTypes('wait', 'delayed', 'prioritized');
      if (pending < maxPending) break;
      log(
        `  sweep ${swept.sweeps}: ${sweep.queued} reminders into ${sweep.jobs} digests; the queue is full ` +
          `(${pending} jobs), ${swept.queued} of the window's reminders queued so far`,
      );
      const standInStart = performance.now();
      await emails.drain(true);
      await deliveries.updateMany({ status: 'queued' }, { $set: { status: 'sent', sentAt: DUE } });
      standInSeconds += seconds(standInStart);
    }
    if (swept.queued !== practitioners * REQUIREMENTS.length) {
      throw new Error(
        `the sweeps queued ${swept.queued} reminders, not the window's ${practitioners * REQUIREMENTS.length}`,
      );
    }
    const memory = await redisMemory(redis);
    const waiting = await emails.getJobCountByTypes('wait', 'delayed', 'prioritized');
    log(
      `  sweep: ${swept.queued} reminders into ${swept.jobs} digests in ${sweepSeconds.toFixed(2)} s over ` +
        `${swept.sweeps} sweep(s) (${Math.round(swept.queued / sweepSeconds)}/s; load ${loadBefore} → ${load()}); ` +
        `${waiting} jobs waiting at the end (bound ${maxPending}); Redis used ${(memory.used / 1e6).toFixed(1)} MB ` +
        `(idle ${(idle.used / 1e6).toFixed(1)}), peak ${(memory.peak / 1e6).toFixed(1)} MB` +
        (swept.sweeps > 1 ? `; standing in for the senders took ${standInSeconds.toFixed(1)} s` : ''),
    );

    let send: { sendPerSecond: number; rawSendPerSecond: number; sendRatioToRaw: number } | undefined;
    if (practitioners <= SEND_MAX) {
      const digests = service.connection.collection('deliveries');
      const sendStart = performance.now();
      await emails.resume();
      await waitFor(
        async () =>
          (await digests.countDocuments({ status: { $in: ['sent', 'failed'] } })) >= swept.jobs
            ? true
            : undefined,
        { timeoutMs: 3_600_000, intervalMs: 500, what: 'every digest sent' },
      );
      const sendSeconds = seconds(sendStart);
      const failed = await digests.countDocuments({ status: 'failed' });
      const sample = await digests.findOne({ status: 'sent' });
      log(`  sent ${swept.jobs} digests in ${sendSeconds.toFixed(1)} s (${failed} failed)`);

      // Baseline: raw nodemailer, pooled like the service, as many messages of about the same size.
      const size = Buffer.byteLength(JSON.stringify(sample ?? {})) * 8;
      const transport = createTransport({ url: SMTP_URL, pool: true, maxConnections: 5 });
      const rawStart = performance.now();
      await inParallel(ids.slice(0, swept.jobs), 10, async (id) => {
        await transport.sendMail({
          from: 'bench@cme-tracker.local',
          to: `raw-${id}@${domain}`,
          subject: 'CME deadline 2027-06-30',
          text: 'x'.repeat(size),
          html: `<p>${'x'.repeat(size)}</p>`,
        });
      });
      const rawSeconds = seconds(rawStart);
      transport.close();
      log(`  raw nodemailer: ${swept.jobs} messages in ${rawSeconds.toFixed(1)} s`);
      send = {
        sendPerSecond: Number((swept.jobs / sendSeconds).toFixed(1)),
        rawSendPerSecond: Number((swept.jobs / rawSeconds).toFixed(1)),
        sendRatioToRaw: Number((rawSeconds / sendSeconds).toFixed(3)),
      };
    }
    return {
      practitioners,
      reminders: scheduled,
      schedulerPerSecond: Number((viaScheduler.length / schedulerSeconds).toFixed(1)),
      bulkSeedSeconds: Number(seedSeconds.toFixed(1)),
      swept: swept.queued,
      digests: swept.jobs,
      sweeps: swept.sweeps,
      emailQueueMaxPending: maxPending,
      sweepSeconds: Number(sweepSeconds.toFixed(2)),
      sweepRemindersPerSecond: Math.round(swept.queued / sweepSeconds),
      redisPeakMB: Number((memory.peak / 1e6).toFixed(2)),
      redisIdleMB: Number((idle.used / 1e6).toFixed(2)),
      loadAverage: load(),
      ...send,
    };
  } finally {
    await redis.quit();
    await service.close();
    await infra.destroy();
    running = undefined;
  }
}

async function main(): Promise<void> {
  const runs = [];
  for (const size of SIZES) runs.push(await measure(size));
  const largest = runs[runs.length - 1];
  log(
    JSON.stringify({
      runs,
      met: {
        redisPeakUnder256MB: runs.every((run) => run.redisPeakMB < 256),
        sweepAtLeast2000PerSecond: largest.sweepRemindersPerSecond >= 2000,
      },
    }),
  );
  process.exit(0);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
