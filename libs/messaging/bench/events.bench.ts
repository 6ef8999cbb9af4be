/**
 * Benchmark: events through the messaging library (an aggregate's conditional write with its outbox event →
 * relay → Kafka → subscriber with processed-event records → handler) beside its two raw parts, measured in
 * the same run on the same broker and database. Run: npm run bench:events (compiles with tsc, then runs on
 * plain node against the local Kafka and database; KAFKA_BROKERS and MONGO_URL override them).
 *
 * The raw parts, each what the library cannot beat since every event costs one of each:
 * - Kafka: plain kafkajs produce → consume of the same events, keys and consumer concurrency, with the
 *   library's producer settings (idempotent, acks from all in-sync replicas, one request in flight): sent
 *   one at a time from WRITERS concurrent writers, and 500 per send. The faster is what Kafka carries.
 * - database: the driver's conditional single-document update a service writes an event with,
 *   `updateOne({_id, version}, {$set, $inc: {version: 1}, $push: {outbox: event}})`, from WRITERS
 *   concurrent writers, nothing else running.
 * The slower of the two is the ceiling. The library runs with a handler that keeps claims and processed-event
 * records (a listener's default: what the goals are measured on), and once more with a version-conditional
 * one, which keeps none. Goals: the library's throughput ≥ 70% of the ceiling, and p99 <
 * 100 ms paced at 80% of the ceiling (latency from each event's scheduled time, so falling behind shows;
 * at most DRAIN_SECONDS after the last event to finish). Raw kafkajs is paced at that rate too, for the
 * latency Kafka alone adds; and when the library's own maximum is below that rate, it is also paced at 80%
 * of its maximum, to show its latency where it keeps up.
 *
 * Prints the figures and the ratio; the last line is one JSON object whose `met` says which goals held.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { CourseEventTypes, type DomainEvent, Topics } from '@cme/contracts';
import {
  createKafka,
  ensureTopics,
  EventPublisher,
  EventSubscriber,
  MongooseOutboxStore,
  MongooseProcessedEventStore,
  type OutboxDocument,
  OutboxRelay,
  outboxSchemaField,
  startConsuming,
} from '@cme/messaging';
import { courseEvent } from '@cme/testing';
import { Logger } from '@nestjs/common';
import { type Kafka, type Producer } from 'kafkajs';
import mongoose, { type Collection, type Model, Schema } from 'mongoose';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const AGGREGATES = Number(process.env.BENCH_AGGREGATES ?? 200);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 60);
const WARM_UP = 300;
const PARTITIONS = 6;
const CONSUMER_CONCURRENCY = 3;
const RAW_BATCH = 500;
const GOALS = { throughputRatio: 0.7, pacedShareOfCeiling: 0.8, p99Ms: 100 };

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

const aggregateId = (index: number) => `bench-course-${index % AGGREGATES}`;

interface BenchAggregate {
  _id: string;
  version: number;
  title: string;
  outbox: DomainEvent[];
}

/**
 * Aggregates written the way services write them: conditional on the version last read, the new state and
 * its event in one update. Each aggregate has one writer at a time (WRITERS < AGGREGATES), so the condition
 * always holds; a write that finds it broken is a bug of the benchmark.
 */
class AggregateWriter {
  private readonly versions = new Map<string, number>();
  /**
   * Each aggregate's last write still under way: a paced run can come back to an aggregate before its previous
   * write is acknowledged, and a service writes one aggregate one change at a time (a second writer would get
   * 409), so a write waits for the one before it. The event is made, and its clock started, before the wait.
   */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(readonly collection: Collection<BenchAggregate>) {}

  async reset(): Promise<void> {
    await this.collection.deleteMany({});
    this.versions.clear();
    this.inFlight.clear();
    await this.collection.insertMany(
      Array.from({ length: AGGREGATES }, (_, index) => ({
        _id: aggregateId(index),
        version: 0,
        title: '',
        outbox: [],
      })),
    );
  }

  /** The aggregate's next version with its event, in one conditional single-document update. */
  async write(index: number, onEvent: (event: DomainEvent) => void = () => undefined): Promise<DomainEvent> {
    const id = aggregateId(index);
    const version = this.versions.get(id) ?? 0;
    this.versions.set(id, version + 1);
    const event = courseEvent(id, version + 1, `Benchmark course ${index % AGGREGATES}`);
    onEvent(event);
    const previous = this.inFlight.get(id);
    const written = (async () => {
      if (previous) await previous;
      const result = await this.collection.updateOne(
        { _id: id, version },
        { $set: { title: event.data.title }, $inc: { version: 1 }, $push: { outbox: event } },
      );
      if (result.modifiedCount !== 1) throw new Error(`${id}: version ${version} was not current`);
    })();
    const settled = written.catch(() => undefined);
    this.inFlight.set(id, settled);
    await written;
    if (this.inFlight.get(id) === settled) this.inFlight.delete(id);
    return event;
  }
}

/** The database's raw part: the same writes, nothing publishing them. */
async function databaseWrites(writer: AggregateWriter, count: number): Promise<RunResult> {
  await writer.reset();
  const timings = new Timings(count);
  await closedLoop(count, WRITERS, async (index) => {
    const event = await writer.write(index, (created) => timings.start(created.id));
    timings.end(event.id);
  });
  return timings.result();
}

/** Kafka's raw part: a producer with the library's settings and a consumer that auto-commits. */
class RawKafka {
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

  static async open(kafka: Kafka, topic: string): Promise<RawKafka> {
    const raw = new RawKafka(kafka, topic);
    await raw.producer.connect();
    const groupId = `bench-raw-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    await startConsuming(consumer, groupId, {
      partitionsConsumedConcurrently: CONSUMER_CONCURRENCY,
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value?.toString('utf8') ?? 'null') as DomainEvent;
        raw.timings?.end(event.id);
      },
    });
    raw.close = async () => {
      await consumer.disconnect();
      await raw.producer.disconnect();
    };
    return raw;
  }

  close: () => Promise<void> = async () => undefined;

  private send(events: DomainEvent[]) {
    return this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: events.map((event) => ({
        key: event.subject,
        value: JSON.stringify(event),
        headers: { 'ce-id': event.id },
      })),
    });
  }

  private event(index: number) {
    return courseEvent(aggregateId(index), index + 1, `Benchmark course ${index % AGGREGATES}`);
  }

  async perEvent(count: number): Promise<RunResult> {
    const timings = (this.timings = new Timings(count));
    await closedLoop(count, WRITERS, async (index) => {
      const event = this.event(index);
      timings.start(event.id);
      await this.send([event]);
    });
    await timings.settled();
    return timings.result();
  }

  async batched(count: number): Promise<RunResult> {
    const timings = (this.timings = new Timings(count));
    for (let start = 0; start < count; start += RAW_BATCH) {
      const events = Array.from({ length: Math.min(RAW_BATCH, count - start) }, (_, offset) =>
        this.event(start + offset),
      );
      const now = performance.now();
      for (const event of events) timings.start(event.id, now);
      await this.send(events);
    }
    await timings.settled();
    return timings.result();
  }

  async atRate(count: number, rate: number): Promise<RunResult> {
    const timings = (this.timings = new Timings(count));
    await paced(count, rate, async (index, scheduledAt) => {
      const event = this.event(index);
      timings.start(event.id, scheduledAt);
      await this.send([event]);
    });
    await timings.settled();
    return timings.result();
  }
}

/** The library end to end: the conditional write with its event, relay, subscriber with processed records. */
class LibraryPipeline {
  private timings?: Timings;

  private constructor(
    private readonly writer: AggregateWriter,
    private readonly relay: OutboxRelay,
    readonly close: () => Promise<void>,
  ) {}

  /**
   * `handler` says what the consumer keeps: `processed records` (claims and processed-event records, the
   * default for a listener), or none for a `version-conditional` one. Each pipeline has its own aggregates and
   * topics.
   */
  static async open(
    kafka: Kafka,
    prefix: string,
    connection: mongoose.Connection,
    handler: 'processed records' | 'version-conditional',
  ): Promise<LibraryPipeline> {
    const name = handler === 'processed records' ? 'processed' : 'conditional';
    const schema = new Schema<BenchAggregate>(
      { _id: String, version: Number, title: String, ...outboxSchemaField },
      { collection: `bench_aggregates_${name}`, versionKey: false, minimize: false },
    );
    const aggregates = connection.model<BenchAggregate>(`BenchAggregate_${name}`, schema);
    const writer = new AggregateWriter(aggregates.collection as unknown as Collection<BenchAggregate>);
    await writer.reset();
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
    const pipeline = new LibraryPipeline(writer, relay, async () => {
      await relay.stop();
      await subscriber.stop();
      await publisher.disconnect();
    });
    subscriber.on(CourseEventTypes.updated, async (event) => pipeline.timings?.end(event.id), {
      versionConditional: handler === 'version-conditional',
    });
    await subscriber.start([Topics.courses]);
    relay.start();
    return pipeline;
  }

  /** One state change: the conditional write with its event, then the relay's wake-up. */
  private async write(index: number, timings: Timings, startedAt?: number): Promise<void> {
    const event = await this.writer.write(index, (created) => timings.start(created.id, startedAt));
    this.relay.flushInBackground(event.subject);
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
    `${label.padEnd(40)} ${String(result.eventsPerSec).padStart(8)} events/s   p50 ${result.p50Ms} ms   p99 ${result.p99Ms} ms   max ${result.maxMs} ms${unfinished}`,
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
  const database = `MongoDB API ${buildInfo?.version} at ${MONGO_URL}`;
  const rawTopic = `${prefix}raw-baseline.v1`;
  await ensureTopics(kafka, [rawTopic, `${prefix}${Topics.courses}`], PARTITIONS);
  print(`events bench: ${EVENTS} events over ${AGGREGATES} aggregates, ${WRITERS} writers`);
  print(
    `broker ${BROKERS.join(',')}, ${PARTITIONS} partitions; database ${database}; node ${process.version}`,
  );

  const raw = await RawKafka.open(kafka, rawTopic);
  const rawWrites = new AggregateWriter(connection.collection<BenchAggregate>('bench_raw_aggregates'));
  const library = await LibraryPipeline.open(kafka, prefix, connection, 'processed records');
  const conditionalPrefix = `${prefix}conditional.`;
  await ensureTopics(kafka, [`${conditionalPrefix}${Topics.courses}`], PARTITIONS);
  const conditional = await LibraryPipeline.open(kafka, conditionalPrefix, connection, 'version-conditional');
  try {
    print('warming up');
    await raw.perEvent(WARM_UP);
    await raw.batched(WARM_UP);
    await databaseWrites(rawWrites, WARM_UP);
    await library.closedLoop(WARM_UP);
    await conditional.closedLoop(WARM_UP);

    print(`throughput: ${EVENTS} events`);
    const rawPerEvent = await raw.perEvent(EVENTS);
    describe('raw kafkajs, one event per send', rawPerEvent);
    const rawBatched = await raw.batched(EVENTS);
    describe(`raw kafkajs, ${RAW_BATCH} per send`, rawBatched);
    const rawDatabase = await databaseWrites(rawWrites, EVENTS);
    describe('raw conditional updates with the event', rawDatabase);
    const lib = await library.closedLoop(EVENTS);
    describe('library', lib);
    const libConditional = await conditional.closedLoop(EVENTS);
    describe('library, version-conditional handler', libConditional);

    const rawKafkaRate = Math.max(rawPerEvent.eventsPerSec, rawBatched.eventsPerSec);
    const ceiling = Math.min(rawKafkaRate, rawDatabase.eventsPerSec);
    const slowerPart = ceiling === rawDatabase.eventsPerSec ? 'the database' : 'Kafka';
    const ratio = round(lib.eventsPerSec / ceiling, 3);
    print(
      `ceiling: ${ceiling} events/s (${slowerPart}; Kafka ${rawKafkaRate}/s, database ${rawDatabase.eventsPerSec}/s); library ${lib.eventsPerSec}/s = ${ratio} of it (goal ≥ ${GOALS.throughputRatio}); with a version-conditional handler ${libConditional.eventsPerSec}/s = ${round(libConditional.eventsPerSec / ceiling, 3)}`,
    );

    const rate = Math.max(1, Math.floor(ceiling * GOALS.pacedShareOfCeiling));
    print(
      `paced at ${rate} events/s (80% of the ceiling) for ${SECONDS} s, then at most ${DRAIN_SECONDS} s to finish`,
    );
    const rawPaced = await raw.atRate(rate * SECONDS, rate);
    describe('raw kafkajs, one event per send', rawPaced);
    // Below its own maximum first: a run it cannot carry leaves a backlog that would slow the next one.
    const sustainable = Math.floor(lib.eventsPerSec * GOALS.pacedShareOfCeiling);
    let libSustainable: RunResult | undefined;
    if (sustainable < rate) {
      libSustainable = await library.atRate(sustainable * SECONDS, sustainable);
      describe(`library at ${sustainable}/s (80% of its max)`, libSustainable);
    }
    const libPaced = await library.atRate(rate * SECONDS, rate);
    describe('library', libPaced);
    const p99AtRate = libPaced.handled === libPaced.events ? libPaced.p99Ms : null;
    print(
      `library p99 at ${rate}/s = ${p99AtRate ?? `not reached (${libPaced.handled}/${libPaced.events} handled)`} ms (goal < ${GOALS.p99Ms} ms)`,
    );
    print(
      JSON.stringify({
        bench: 'events',
        events: EVENTS,
        aggregates: AGGREGATES,
        writers: WRITERS,
        partitions: PARTITIONS,
        database,
        node: process.version,
        raw: { kafkaPerEvent: rawPerEvent, kafkaBatched: rawBatched, databaseWrites: rawDatabase },
        ceiling: { eventsPerSec: ceiling, slowerPart },
        library: lib,
        libraryVersionConditional: {
          ...libConditional,
          ratio: round(libConditional.eventsPerSec / ceiling, 3),
        },
        throughputRatio: ratio,
        paced: {
          ratePerSec: rate,
          seconds: SECONDS,
          raw: rawPaced,
          library: libPaced,
          ...(libSustainable && { librarySustainable: { ratePerSec: sustainable, ...libSustainable } }),
        },
        goals: GOALS,
        met: {
          throughputRatio: ratio >= GOALS.throughputRatio,
          p99At80Percent: p99AtRate !== null && p99AtRate < GOALS.p99Ms,
        },
      }),
    );
  } finally {
    await library.close();
    await conditional.close();
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
