/**
 * Benchmark: events through the messaging library (aggregate write with its outbox event → relay → Kafka →
 * subscriber with processed-event records → handler) beside plain kafkajs produce → consume, on the same
 * broker. Run: npm run bench:events (compiles with tsc, then runs on plain node against the local Kafka
 * and database; KAFKA_BROKERS and MONGO_URL override them).
 *
 * Two raw baselines, both with the library's producer settings (idempotent, acks from all in-sync
 * replicas, one request in flight) and the same events, keys and consumer concurrency: "per event" sends
 * each event as it is created from the same number of concurrent writers (what a service producing
 * directly would do); "batched" sends them 500 at a time (about what the broker and kafkajs can do). The
 * throughput ratio is taken against the faster of the two. A third figure, the aggregate writes alone (no
 * event, no Kafka), shows what the database allows before any messaging happens.
 *
 * Phases: a warm-up; a throughput run (EVENTS as fast as WRITERS concurrent writers go); a paced run at
 * RATE events/s for SECONDS, latency measured from each event's scheduled time so that falling behind
 * shows, given at most DRAIN_SECONDS after the last event to finish; and, when the library cannot carry
 * RATE, a paced run at 80% of the throughput it reached (and none at RATE when that is under half of RATE:
 * it would only time a queue growing for minutes). Prints progress; the last line is one JSON object.
 * Goals: library ≥ 70% of raw throughput, p99 < 100 ms at 1,000 events/s.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { CourseEventTypes, type DomainEvent, Topics } from '@cme/contracts';
import { Logger } from '@nestjs/common';
import { type Kafka, type Producer } from 'kafkajs';
import mongoose, { type Model, Schema } from 'mongoose';

import { createKafka, ensureTopics } from '../src/kafka-settings';
import { EventPublisher } from '../src/event-publisher';
import { EventSubscriber } from '../src/event-subscriber';
import { MongooseOutboxStore, type OutboxDocument, outboxSchemaField } from '../src/mongoose-outbox-store';
import { OutboxRelay } from '../src/outbox';
import { MongooseProcessedEventStore } from '../src/processed-events';
import { courseEvent } from '../test/course-event';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const AGGREGATES = Number(process.env.BENCH_AGGREGATES ?? 200);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 32);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 60);
const WARM_UP = 300;
const PARTITIONS = 6;
const CONSUMER_CONCURRENCY = 3;

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

interface RunResult {
  events: number;
  /** Events handled (of `events`) before the run was given up on. */
  handled: number;
  eventsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Start and end time of every event of a run, keyed by event id. */
class Timings {
  private readonly started = new Map<string, number>();
  private readonly latencies: number[] = [];
  private firstStart = Infinity;
  private lastEnd = 0;
  private done?: () => void;
  readonly finished: Promise<void>;

  constructor(private readonly expected: number) {
    this.finished = new Promise((resolve) => (this.done = resolve));
  }

  start(eventId: string, at = performance.now()): void {
    this.started.set(eventId, at);
    this.firstStart = Math.min(this.firstStart, at);
  }

  end(eventId: string): void {
    const started = this.started.get(eventId);
    if (started === undefined) return;
    this.started.delete(eventId);
    const now = performance.now();
    this.latencies.push(now - started);
    this.lastEnd = Math.max(this.lastEnd, now);
    if (this.latencies.length === this.expected) this.done?.();
  }

  /** Waits for every event to be handled, or `limitMs` at most. */
  async settled(limitMs = DRAIN_SECONDS * 1000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.finished, new Promise((resolve) => (timer = setTimeout(resolve, limitMs)))]);
    clearTimeout(timer);
  }

  result(): RunResult {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    return {
      events: this.expected,
      handled: sorted.length,
      eventsPerSec: round((sorted.length * 1000) / (this.lastEnd - this.firstStart)),
      p50Ms: round(at(0.5), 2),
      p99Ms: round(at(0.99), 2),
      maxMs: round(sorted[sorted.length - 1], 2),
    };
  }
}

let busyRetries = 0;

/**
 * FerretDB on SQLite answers a write with "database is locked" (SQLITE_BUSY) when its write lock stays
 * taken too long; a service would see a failed request and be asked again. The benchmark writes again,
 * and counts how often.
 */
async function retryingBusy<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= 10 || !/SQLITE_BUSY/.test(String(error))) throw error;
      busyRetries++;
      await sleep(20 * attempt);
    }
  }
}

/** Runs `count` jobs from `concurrency` workers in turn. */
async function closedLoop(count: number, concurrency: number, job: (index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

/** Starts job i at its scheduled time i/rate, whether or not earlier ones finished (open loop). */
async function paced(
  count: number,
  rate: number,
  job: (index: number, scheduledAt: number) => Promise<void>,
) {
  const t0 = performance.now();
  const running: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    const due = t0 + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    running.push(job(index, due));
  }
  await Promise.all(running);
}

function benchEvent(aggregate: number, version: number) {
  return courseEvent(`bench-course-${aggregate}`, version, `Benchmark course ${aggregate}`);
}

/** Plain kafkajs: a producer with the library's settings and a consumer that auto-commits. */
class RawPipeline {
  private readonly producer: Producer;
  private timings?: Timings;

  private constructor(
    kafka: Kafka,
    readonly topic: string,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  static async open(kafka: Kafka, topic: string): Promise<RawPipeline> {
    const raw = new RawPipeline(kafka, topic);
    await raw.producer.connect();
    const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    const joined = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => consumer.on(consumer.events.FETCH, () => resolve()));
    });
    await consumer.run({
      partitionsConsumedConcurrently: CONSUMER_CONCURRENCY,
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value?.toString('utf8') ?? 'null') as DomainEvent;
        raw.timings?.end(event.id);
      },
    });
    await joined;
    raw.close = async () => {
      await consumer.disconnect();
      await raw.producer.disconnect();
    };
    return raw;
  }

  close: () => Promise<void> = async () => undefined;

  private message(event: DomainEvent) {
    return { key: event.subject, value: JSON.stringify(event), headers: { 'ce-id': event.id } };
  }

  async perEvent(count: number): Promise<RunResult> {
    const timings = (this.timings = new Timings(count));
    await closedLoop(count, WRITERS, async (index) => {
      const event = benchEvent(index % AGGREGATES, index + 1);
      timings.start(event.id);
      await this.producer.send({ topic: this.topic, acks: -1, messages: [this.message(event)] });
    });
    await timings.settled();
    return timings.result();
  }

  async batched(count: number): Promise<RunResult> {
    const timings = (this.timings = new Timings(count));
    for (let start = 0; start < count; start += 500) {
      const events = Array.from({ length: Math.min(500, count - start) }, (_, offset) =>
        benchEvent((start + offset) % AGGREGATES, start + offset + 1),
      );
      const now = performance.now();
      for (const event of events) timings.start(event.id, now);
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: events.map((event) => this.message(event)),
      });
    }
    await timings.settled();
    return timings.result();
  }

  async atRate(count: number, rate: number): Promise<RunResult> {
    const timings = (this.timings = new Timings(count));
    await paced(count, rate, async (index, scheduledAt) => {
      const event = benchEvent(index % AGGREGATES, index + 1);
      timings.start(event.id, scheduledAt);
      await this.producer.send({ topic: this.topic, acks: -1, messages: [this.message(event)] });
    });
    await timings.settled();
    return timings.result();
  }
}

interface BenchAggregate {
  _id: string;
  version: number;
  /** The last event, kept by the writes-alone baseline in place of an outbox. */
  last?: DomainEvent;
  outbox: DomainEvent[];
}

/** The library end to end: aggregate write with its event, relay, subscriber with processed records. */
class LibraryPipeline {
  private timings?: Timings;
  private versions = 0;

  private constructor(
    private readonly aggregates: Model<BenchAggregate>,
    private readonly relay: OutboxRelay,
    readonly close: () => Promise<void>,
  ) {}

  static async open(kafka: Kafka, prefix: string, connection: mongoose.Connection): Promise<LibraryPipeline> {
    const schema = new Schema<BenchAggregate>(
      { _id: String, version: Number, last: Schema.Types.Mixed, ...outboxSchemaField },
      { collection: 'bench_aggregates', versionKey: false, minimize: false },
    );
    const aggregates = connection.model<BenchAggregate>('BenchAggregate', schema);
    await aggregates.insertMany(
      Array.from({ length: AGGREGATES }, (_, index) => ({
        _id: `bench-course-${index}`,
        version: 0,
        outbox: [],
      })),
    );
    const publisher = new EventPublisher(kafka, { topicPrefix: prefix });
    await publisher.connect();
    const store = new MongooseOutboxStore(aggregates as unknown as Model<OutboxDocument>);
    await store.ensureIndexes();
    const relay = new OutboxRelay(store, publisher);
    const groupId = `bench-library-${randomUUID()}`;
    const subscriber = new EventSubscriber(kafka, publisher, {
      groupId,
      fromBeginning: false,
      topicPrefix: prefix,
      partitionsConsumedConcurrently: CONSUMER_CONCURRENCY,
      processedEvents: new MongooseProcessedEventStore(connection, groupId),
    });
    await ensureTopics(kafka, [subscriber.retryTopic], PARTITIONS);
    const pipeline = new LibraryPipeline(aggregates, relay, async () => {
      await relay.stop();
      await subscriber.stop();
      await publisher.disconnect();
    });
    subscriber.on(CourseEventTypes.updated, async (event) => pipeline.timings?.end(event.id));
    await subscriber.start([Topics.courses]);
    relay.start();
    return pipeline;
  }

  /** One state change: the aggregate's new version and its event in one write, then the relay's wake-up. */
  private async write(index: number, timings: Timings, startedAt?: number): Promise<void> {
    const aggregate = index % AGGREGATES;
    const event = benchEvent(aggregate, ++this.versions);
    const aggregateId = `bench-course-${aggregate}`;
    timings.start(event.id, startedAt);
    await this.relay.serializedWrite(aggregateId, () =>
      retryingBusy(() =>
        this.aggregates.updateOne(
          { _id: aggregateId },
          { $set: { version: event.data.version }, $push: { outbox: event } },
        ),
      ),
    );
    this.relay.flushInBackground(aggregateId);
  }

  /** The same aggregate writes without an event: what the database allows, before any messaging. */
  async writesAlone(count: number): Promise<RunResult> {
    const timings = new Timings(count);
    await closedLoop(count, WRITERS, async (index) => {
      const aggregate = index % AGGREGATES;
      const event = benchEvent(aggregate, ++this.versions);
      const aggregateId = `bench-course-${aggregate}`;
      timings.start(event.id);
      await this.relay.serializedWrite(aggregateId, () =>
        retryingBusy(() =>
          this.aggregates.updateOne(
            { _id: aggregateId },
            { $set: { version: event.data.version, last: event } },
          ),
        ),
      );
      timings.end(event.id);
    });
    return timings.result();
  }

  async closedLoop(count: number): Promise<RunResult> {
    const timings = (this.timings = new Timings(count));
    await closedLoop(count, WRITERS, (index) => this.write(index, timings));
    await timings.settled();
    return timings.result();
  }

  async atRate(count: number, rate: number): Promise<RunResult> {
    const timings = (this.timings = new Timings(count));
    await paced(count, rate, (index, scheduledAt) => this.write(index, timings, scheduledAt));
    await timings.settled();
    return timings.result();
  }
}

function describe(label: string, result: RunResult): void {
  const unfinished =
    result.handled < result.events ? `   (only ${result.handled} of ${result.events} handled)` : '';
  print(
    `${label.padEnd(34)} ${String(result.eventsPerSec).padStart(8)} events/s   p50 ${result.p50Ms} ms   p99 ${result.p99Ms} ms   max ${result.maxMs} ms${unfinished}`,
  );
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const prefix = `bench-${randomUUID().slice(0, 8)}.`;
  const kafka = createKafka({ clientId: 'bench-events', brokers: BROKERS, topicPartitions: PARTITIONS });
  const connection = await mongoose
    .createConnection(MONGO_URL, { dbName: `bench_events_${randomUUID().slice(0, 8)}`, maxPoolSize: 20 })
    .asPromise();
  const buildInfo = await connection.db?.admin().command({ buildInfo: 1 });
  const database = buildInfo?.ferretdbVersion
    ? `FerretDB ${buildInfo.ferretdbVersion}`
    : `MongoDB ${buildInfo?.version}`;
  const rawTopic = `${prefix}raw-baseline.v1`;
  await ensureTopics(kafka, [rawTopic, `${prefix}${Topics.courses}`], PARTITIONS);
  print(
    `events bench: ${EVENTS} events over ${AGGREGATES} aggregates, ${WRITERS} writers; then ${RATE} events/s for ${SECONDS} s`,
  );
  print(
    `broker ${BROKERS.join(',')}, ${PARTITIONS} partitions; database ${database}; node ${process.version}`,
  );

  const raw = await RawPipeline.open(kafka, rawTopic);
  const library = await LibraryPipeline.open(kafka, prefix, connection);
  try {
    print('warming up');
    await raw.perEvent(WARM_UP);
    await raw.batched(WARM_UP);
    await library.closedLoop(WARM_UP);

    print(`throughput: ${EVENTS} events`);
    const rawPerEvent = await raw.perEvent(EVENTS);
    describe('raw kafkajs, per event', rawPerEvent);
    const rawBatched = await raw.batched(EVENTS);
    describe('raw kafkajs, batched', rawBatched);
    const writesAlone = await library.writesAlone(EVENTS);
    describe('aggregate writes alone', writesAlone);
    const lib = await library.closedLoop(EVENTS);
    describe('library', lib);

    print(`paced at ${RATE} events/s for ${SECONDS} s (then at most ${DRAIN_SECONDS} s to finish)`);
    const rawPaced = await raw.atRate(RATE * SECONDS, RATE);
    describe('raw kafkajs, per event', rawPaced);
    // Below the rate the library reached, first: a run at RATE that it cannot carry leaves a backlog behind.
    const sustainable = Math.floor(lib.eventsPerSec * 0.8);
    let libSustainable: RunResult | undefined;
    if (sustainable < RATE) {
      libSustainable = await library.atRate(sustainable * SECONDS, sustainable);
      describe(`library at ${sustainable}/s (80% of max)`, libSustainable);
    }
    // A run at RATE far beyond what the library reached only measures a queue growing for minutes.
    const libPaced = lib.eventsPerSec >= RATE / 2 ? await library.atRate(RATE * SECONDS, RATE) : undefined;
    if (libPaced) describe('library', libPaced);
    else
      print(
        `library at ${RATE}/s: not run (its maximum here is ${round(lib.eventsPerSec)} events/s; the aggregate writes alone reach ${round(writesAlone.eventsPerSec)}/s)`,
      );

    const rawBest = Math.max(rawPerEvent.eventsPerSec, rawBatched.eventsPerSec);
    const ratio = round(lib.eventsPerSec / rawBest, 3);
    const p99AtRate = libPaced && libPaced.handled === libPaced.events ? libPaced.p99Ms : null;
    const p99Text = !libPaced
      ? 'not run'
      : (p99AtRate ?? `not reached (${libPaced.handled}/${libPaced.events} handled)`);
    print(
      `library throughput = ${Math.round(ratio * 100)}% of raw kafkajs (goal 70%); p99 at ${RATE}/s = ${p99Text} (goal < 100 ms)`,
    );
    print(
      JSON.stringify({
        bench: 'events',
        events: EVENTS,
        aggregates: AGGREGATES,
        writers: WRITERS,
        partitions: PARTITIONS,
        database,
        databaseBusyRetries: busyRetries,
        node: process.version,
        raw: { perEvent: rawPerEvent, batched: rawBatched },
        writesAlone,
        library: lib,
        throughputRatio: ratio,
        paced: {
          ratePerSec: RATE,
          seconds: SECONDS,
          raw: rawPaced,
          library: libPaced ?? null,
          ...(libSustainable && { librarySustainable: { ratePerSec: sustainable, ...libSustainable } }),
        },
        goals: { throughputRatio: 0.7, p99MsAtRate: 100 },
        met: { throughputRatio: ratio >= 0.7, p99MsAtRate: p99AtRate !== null && p99AtRate < 100 },
      }),
    );
  } finally {
    await library.close();
    await raw.close();
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    await connection.dropDatabase();
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`events bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
