/**
 * Benchmark: deadline reminders for BENCH_PRACTITIONERS practitioners (comma-separated sizes, default
 * 100,300) × 3 requirements sharing a deadline, against the local infrastructure.
 * Run: npm run bench:reminders. For each size, in a database and queue prefix of its own (dropped and deleted
 * at the end, with the mails it sent): compliance evaluations applied in bulk through the scheduler (the
 * listener's path without Kafka), the clock moved to the 90-day reminders, one sweep timed (reminders queued
 * per second) while the worker sends the digests (one per practitioner), Redis memory of the prefix's keys
 * sampled throughout (its peak), and the time until every digest is sent, beside raw nodemailer (pooled,
 * same connection count) sending as many messages of the same size to the same server.
 * Goals: Redis peak < 256 MB, sweep ≥ 2,000 reminders/s. The last line is one JSON object with `met`.
 */

import { startTestService, uniqueSuffix, waitFor } from '@cme/testing';
import { Redis } from 'ioredis';
import { createTransport } from 'nodemailer';

import { Clock } from '../src/clock';
import { notificationsService } from '../src/notifications.module';
import { ReminderScheduler } from '../src/reminders/reminder-scheduler';
import { ReminderSweep } from '../src/queues/reminder-sweep/reminder-sweep';
import { requirementStanding } from '../src/reminders/testing/requirement-standing';

const SIZES = (process.env.BENCH_PRACTITIONERS ?? '100,300').split(',').map(Number);
const SEED_CONCURRENCY = 16;
const SMTP_URL = 'smtp://127.0.0.1:1025';
const MAIL_VIEWER_URL = 'http://127.0.0.1:1080';
const DUE = new Date('2027-04-01T09:00:00Z');
const log = (line: string) => process.stdout.write(`${line}\n`);

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

async function prefixBytes(redis: Redis, prefix: string): Promise<number> {
  let bytes = 0;
  for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 })) {
    for (const key of keys as string[]) bytes += (await redis.memory('USAGE', key)) ?? 0;
  }
  return bytes;
}

/** Deletes the mails this run sent (addresses under its own domain) from the shared mail viewer. */
async function deleteMails(domain: string): Promise<void> {
  const mails = (await (await fetch(`${MAIL_VIEWER_URL}/email`)).json()) as {
    id: string;
    to: { address: string }[];
  }[];
  const ours = mails.filter((mail) => mail.to.some(({ address }) => address.endsWith(`@${domain}`)));
  await inParallel(
    ours,
    8,
    async ({ id }) => void (await fetch(`${MAIL_VIEWER_URL}/email/${id}`, { method: 'DELETE' })),
  );
}

async function measure(practitioners: number) {
  const suffix = uniqueSuffix();
  const prefix = `bench-${suffix}`;
  const domain = `bench-${suffix}.example.org`;
  const service = await startTestService(notificationsService, {
    QUEUE_PREFIX: prefix,
    // The sweep is run by hand, timed; the scheduler's own runs are out of the way.
    REMINDER_SWEEP_EVERY_MS: String(24 * 3600 * 1000),
    REMINDER_SWEEP_BATCH: '1000',
    REMINDER_SWEEP_MAX_BATCHES: '100000',
    LOG_LEVEL: 'error',
  });
  const redis = new Redis(service.config.REDIS_URL);
  try {
    const scheduler = service.app.get(ReminderScheduler);
    const ids = Array.from({ length: practitioners }, (_, i) => `bench-${suffix}-${i}`);
    const requirements = ['tx-license', 'board-moc', 'dea-opioids'].map((id) =>
      requirementStanding({ id, name: id, deadline: '2027-06-30' }),
    );
    const seedStart = performance.now();
    await inParallel(ids, SEED_CONCURRENCY, async (id) => {
      await scheduler.applyProfile({
        id,
        version: 1,
        name: `Dr. ${id}`,
        email: `${id}@${domain}`,
        profession: 'MD',
        specialty: 'pain-medicine',
        timezone: 'UTC',
        licenses: [],
        boards: [],
        dea: null,
        flags: { directPatientCare: true, painClinic: true },
        updatedAt: new Date().toISOString(),
      });
      await scheduler.applyCompliance({
        practitionerId: id,
        version: 1,
        evaluatedAt: new Date().toISOString(),
        asOf: '2026-11-30',
        rulesVersion: 'bench',
        requirements,
        notCovered: [],
      });
    });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const reminders = await service.connection.collection('reminders').countDocuments();
    log(`${practitioners} practitioners: ${reminders} reminders scheduled in ${seedSeconds.toFixed(1)} s`);

    let peakBytes = await prefixBytes(redis, prefix);
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakBytes = Math.max(peakBytes, await prefixBytes(redis, prefix));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    service.app.get(Clock).travelTo(DUE);
    const sweepStart = performance.now();
    const swept = await service.app.get(ReminderSweep).sweep();
    const sweepSeconds = (performance.now() - sweepStart) / 1000;
    const digests = service.connection.collection('deliveries');
    await waitFor(
      async () =>
        (await digests.countDocuments({ status: { $in: ['sent', 'failed'] } })) >= practitioners
          ? true
          : undefined,
      { timeoutMs: 3_600_000, intervalMs: 500, what: 'every digest sent' },
    );
    const sendSeconds = (performance.now() - sweepStart) / 1000;
    sampling = false;
    await sampler;
    const failed = await digests.countDocuments({ status: 'failed' });
    const sample = await digests.findOne({ status: 'sent' });
    log(
      `  sweep: ${swept.queued} reminders into ${swept.jobs} digests in ${sweepSeconds.toFixed(2)} s; all sent ` +
        `${sendSeconds.toFixed(1)} s after the sweep began (${failed} failed); Redis peak ${(peakBytes / 1e6).toFixed(2)} MB`,
    );

    // Baseline: raw nodemailer, pooled like the service, the same number of messages of the same size.
    const size = Buffer.byteLength(JSON.stringify(sample ?? {})) * 8;
    const transport = createTransport({ url: SMTP_URL, pool: true, maxConnections: 5 });
    const rawStart = performance.now();
    await inParallel(ids, 10, async (id) => {
      await transport.sendMail({
        from: 'bench@cme-tracker.local',
        to: `raw-${id}@${domain}`,
        subject: 'CME deadline 2027-06-30',
        text: 'x'.repeat(size),
        html: `<p>${'x'.repeat(size)}</p>`,
      });
    });
    const rawSeconds = (performance.now() - rawStart) / 1000;
    transport.close();
    log(`  raw nodemailer: ${practitioners} messages in ${rawSeconds.toFixed(1)} s`);
    await deleteMails(domain);
    return {
      practitioners,
      reminders,
      seedSeconds: Number(seedSeconds.toFixed(2)),
      sweepRemindersPerSecond: Math.round(swept.queued / sweepSeconds),
      redisPeakMB: Number((peakBytes / 1e6).toFixed(3)),
      sendPerSecond: Number((practitioners / sendSeconds).toFixed(1)),
      rawSendPerSecond: Number((practitioners / rawSeconds).toFixed(1)),
      sendRatioToRaw: Number((rawSeconds / sendSeconds).toFixed(3)),
    };
  } finally {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 1000 }))
      keys.push(...(batch as string[]));
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    await redis.quit();
    await service.close();
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
