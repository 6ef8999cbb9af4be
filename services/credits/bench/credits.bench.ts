/**
 * Benchmark: recording a credit (`POST /v1/practitioners/me/credits`) through HTTP — token check, rate
 * limits, validation, the Idempotency-Key and duplicate lookups, the profile and course reads, the entry
 * written with its event in its outbox, the relay publishing the event — beside the raw baseline on the same
 * machine: the MongoDB driver inserting the same entry document, then kafkajs producing the same event (the
 * library's producer settings: idempotent, acks from all in-sync replicas), from as many concurrent clients.
 * Run: npm run bench:credits (compiles with tsc, then runs on plain node against the local infrastructure;
 * KAFKA_BROKERS and MONGO_URL override it).
 *
 * Set-up: the service in this process on a database and topics of its own (a topic prefix keeps its events
 * off the shared topics, whose consumers would act on them), catalog courses learned from real course events
 * published on its course topic, and BENCH_PRACTITIONERS practitioners with profiles and tokens of the local
 * issuer. Requests go round the practitioners and the courses, each with its own Idempotency-Key (what the
 * web app sends), so every practitioner's ledger grows as a practitioner's would.
 *
 * Phases: a warm-up; throughput runs (BENCH_REQUESTS as fast as BENCH_CONCURRENCY clients go, or as many as
 * they start in BENCH_RUN_SECONDS) of catalog claims and of outside activities, each beside its raw baseline —
 * the service's run ends once its last event is published, not at its last answer; a paced run at BENCH_RATE requests/s for BENCH_SECONDS (half catalog
 * claims, half outside activities, both sides), latency measured from each request's scheduled time so that
 * falling behind shows; and, when the service cannot carry BENCH_RATE, a paced run at 80% of its maximum.
 * Prints progress (with BENCH_PROFILE=1, the database commands per request of each run, by command and
 * collection); the last line is one JSON object. Goals: the service reaches at least half the raw
 * throughput (each kind), and its p99 stays under 50 ms at 200 requests/s.
 *
 * BENCH_COMPLIANCE=off measures what the compliance re-evaluation after each credit-recorded event costs: the
 * service's listener then stores nothing (its refresh answers "unchanged" at once), which the product never
 * does, so such a run's figures say how much of the work is that re-evaluation, not what the service reaches.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { CourseEventTypes, type CourseSnapshot, createEvent, LedgerEventTypes } from '@cme/contracts';
import { createKafka, ensureTopics, EventPublisher, MessageHeaders } from '@cme/messaging';
import { asPractitioner, startTestService, type TestService, uniqueSuffix, waitFor } from '@cme/testing';
import { Logger } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { ConfigResourceTypes, type Kafka, Partitioners, type Producer } from 'kafkajs';
import mongoose, { type Connection, mongo } from 'mongoose';

import { CatalogCourseRepository } from '../src/catalog-courses/catalog-course.repository';
import { ComplianceService } from '../src/compliance/compliance.service';
import { creditsService } from '../src/credits.module';
import { CREDIT_ENTRY_MODEL, CreditEntrySchema } from '../src/ledger/credit-entry.schema';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
/** A throughput run stops starting requests after this long, even short of BENCH_REQUESTS (a slow machine). */
const RUN_SECONDS = Number(process.env.BENCH_RUN_SECONDS ?? 30);
const PRACTITIONERS = Number(process.env.BENCH_PRACTITIONERS ?? 200);
const COURSES = Number(process.env.BENCH_COURSES ?? 50);
/** How long a run's events may take to be published after its last answer before the run is given up on. */
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 60);
const WARM_UP = 200;
const PROFILE = process.env.BENCH_PROFILE === '1';
const PARTITIONS = 6;
const GOALS = { throughputRatio: 0.5, p99MsAt200PerSecond: 50 };
const COMPLIANCE_REFRESH = process.env.BENCH_COMPLIANCE !== 'off';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
const load = () => loadavg().map((value) => round(value, 2));

type Kind = 'catalog' | 'outside';
const KINDS: readonly Kind[] = ['catalog', 'outside'];
/** The paced runs' mix: every other request a catalog claim. */
const mixed = (n: number): Kind => KINDS[n % 2];

interface RunResult {
  requests: number;
  /** Answered 201 (the service) or written and acknowledged (raw). */
  ok: number;
  failed: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The service: from its last answer until its last event was published. */
  drainMs?: number;
  /**
   * CPU time of this process per request (user + system): the client and the service with its relay, or the
   * raw side's driver and kafkajs. Unlike latencies, hardly swayed by what else the machine is running.
   */
  cpuMsPerRequest: number;
  /** 1-minute load average of the machine at the end of the run. */
  load1m: number;
}

/** Start and end of every request of a run; latencies from the start given (a paced run: the scheduled one). */
class Timings {
  private readonly latencies: number[] = [];
  private firstStart = Infinity;
  private lastEnd = 0;
  private readonly cpuAtStart = process.cpuUsage();
  requests = 0;
  failed = 0;

  record(startedAt: number, ok: boolean): void {
    this.requests++;
    const now = performance.now();
    this.firstStart = Math.min(this.firstStart, startedAt);
    this.lastEnd = Math.max(this.lastEnd, now);
    if (ok) this.latencies.push(now - startedAt);
    else this.failed++;
  }

  /** `endedAt`: when the run's work was done, if later than its last answer (the last event published). */
  result(endedAt = this.lastEnd): RunResult {
    const cpu = process.cpuUsage(this.cpuAtStart);
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
    return {
      requests: this.requests,
      ok: sorted.length,
      failed: this.failed,
      requestsPerSec: round((sorted.length * 1000) / (endedAt - this.firstStart)),
      p50Ms: round(at(0.5), 2),
      p99Ms: round(at(0.99), 2),
      maxMs: round(sorted.at(-1) ?? NaN, 2),
      ...(endedAt > this.lastEnd && { drainMs: Math.round(endedAt - this.lastEnd) }),
      cpuMsPerRequest: round((cpu.user + cpu.system) / 1000 / sorted.length, 2),
      load1m: load()[0],
    };
  }
}

/** Runs `count` jobs from `concurrency` workers in turn; none starts after `deadline` (performance.now()). */
async function closedLoop(
  count: number,
  concurrency: number,
  job: (index: number) => Promise<void>,
  deadline = Infinity,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count && performance.now() < deadline) await job(next++);
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

interface BenchPractitioner {
  id: string;
  email: string;
  name: string;
  headers: Record<string, string>;
}

interface CreditRequest {
  practitioner: BenchPractitioner;
  idempotencyKey: string;
  body: {
    courseId?: string;
    activity?: Record<string, unknown>;
    completedOn: string;
    claimed: { type: string; amount: number; topicHours?: Record<string, number> }[];
  };
}

const courseIds = Array.from({ length: COURSES }, (_, k) => `bench-course-${k}`);

function courseSnapshot(id: string, index: number): CourseSnapshot {
  return {
    id,
    version: 1,
    status: 'published',
    title: `Opioid prescribing in chronic pain, part ${index + 1}`,
    provider: { name: 'Pain Society', accreditor: 'ACCME', accreditationId: `PS-2026-${index}` },
    format: 'internet-enduring',
    topics: ['opioid-prescribing', 'pain-management'],
    credits: [{ type: 'AMA_PRA_1', amount: 2 }],
    professions: ['physician'],
    startsOn: '2025-01-01',
    availableUntil: '2028-12-31',
    publishedAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}

/**
 * The n-th request of the whole benchmark: practitioner n mod P, so that concurrent requests come from
 * different practitioners; a practitioner's k-th catalog claim is of course k (mod the courses), so that
 * duplicates are as rare as they are in a real ledger; completion dates spread over 2025.
 */
function creditRequest(kind: Kind, n: number, practitioners: readonly BenchPractitioner[]): CreditRequest {
  const practitioner = practitioners[n % practitioners.length];
  const completedOn = new Date(Date.UTC(2025, 0, 1) + (n % 360) * 86_400_000).toISOString().slice(0, 10);
  const idempotencyKey = `bench-${n}-${practitioner.id}`;
  if (kind === 'catalog') {
    const courseId = courseIds[Math.floor(n / practitioners.length) % courseIds.length];
    return {
      practitioner,
      idempotencyKey,
      body: { courseId, completedOn, claimed: [{ type: 'AMA_PRA_1', amount: 2 }] },
    };
  }
  return {
    practitioner,
    idempotencyKey,
    body: {
      activity: {
        title: `Interventional pain medicine update, session ${n}`,
        provider: 'Regional Anesthesia Society',
        accreditor: 'ACCME',
        activityId: `RAS-${n}`,
        format: 'live',
        topics: ['pain-management', 'opioid-prescribing'],
      },
      completedOn,
      claimed: [{ type: 'AMA_PRA_1', amount: 1.5, topicHours: { 'opioid-prescribing': 0.5 } }],
    },
  };
}

/** A keep-alive HTTP client: node's own, lighter than fetch for thousands of small requests. */
class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  send(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: string }> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const outgoing = request(
        `${this.baseUrl}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The service under test, and what the benchmark reads of its database. */
class ServiceSide {
  private failures = 0;

  constructor(
    private readonly client: HttpClient,
    private readonly connection: Connection,
  ) {}

  async record(credit: CreditRequest): Promise<boolean> {
    const response = await this.client.send('POST', '/v1/practitioners/me/credits', credit.body, {
      ...credit.practitioner.headers,
      'idempotency-key': credit.idempotencyKey,
    });
    if (response.status === 201) return true;
    if (this.failures++ < 3) print(`  service answered ${response.status}: ${response.body.slice(0, 300)}`);
    return false;
  }

  /** When every recorded entry's events are published (no outbox holds any), or the drain time is up. */
  async outboxDrained(): Promise<number> {
    const entries = this.connection.db!.collection('credit_entries');
    const deadline = performance.now() + DRAIN_SECONDS * 1000;
    while (performance.now() < deadline) {
      if (!(await entries.findOne({ 'outbox.id': { $gt: '' } }, { projection: { _id: 1 } }))) break;
      await sleep(20);
    }
    return performance.now();
  }

  /** A stored entry of this kind without its outbox: the raw side writes documents like it. */
  async storedEntry(kind: Kind): Promise<Record<string, unknown>> {
    const stored = await this.connection
      .db!.collection('credit_entries')
      .findOne({ source: kind }, { projection: { outbox: 0 } });
    if (!stored) throw new Error(`no ${kind} entry recorded during the warm-up`);
    return stored;
  }

  entries(): Promise<number> {
    return this.connection.db!.collection('credit_entries').countDocuments();
  }
}

/**
 * Without the service: the same entry document inserted with the driver into a collection with the same
 * indexes, then the same event produced with kafkajs, each request on its own, as a service writing and
 * producing directly would.
 */
class RawSide {
  private constructor(
    private readonly connection: Connection,
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly templates: Record<Kind, Record<string, unknown>>,
  ) {}

  static async open(
    kafka: Kafka,
    topic: string,
    templates: Record<Kind, Record<string, unknown>>,
  ): Promise<RawSide> {
    const connection = await mongoose
      .createConnection(MONGO_URL, {
        dbName: `bench_credits_raw_${uniqueSuffix()}`,
        monitorCommands: PROFILE,
      })
      .asPromise();
    // The service's own schema, for its indexes: the driver maintains them on every insert.
    await connection.model(CREDIT_ENTRY_MODEL, CreditEntrySchema).createIndexes();
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return new RawSide(connection, producer, topic, templates);
  }

  async record({ practitioner, idempotencyKey, body }: CreditRequest, kind: Kind): Promise<boolean> {
    const now = new Date();
    const template = this.templates[kind];
    const id = randomBytes(16).toString('hex');
    const activity = {
      ...(template.activity as Record<string, unknown>),
      ...(body.courseId ? { courseId: body.courseId } : body.activity),
    };
    const entry = {
      ...template,
      _id: id,
      practitionerId: practitioner.id,
      activity,
      completedOn: body.completedOn,
      claimed: body.claimed,
      history: [{ at: now, by: practitioner.id, action: 'recorded' }],
      idempotency: { ...(template.idempotency as object), key: idempotencyKey },
      recordedAt: now,
      updatedAt: now,
    };
    await this.connection.db!.collection('credit_entries').insertOne(entry as never);
    const event = {
      specversion: '1.0',
      id: randomUUID(),
      type: LedgerEventTypes.creditRecorded,
      source: 'credits',
      time: now.toISOString(),
      subject: practitioner.id,
      datacontenttype: 'application/json',
      data: {
        creditId: id,
        practitionerId: practitioner.id,
        version: 1,
        source: kind,
        completedOn: body.completedOn,
        claimed: body.claimed,
        activity,
        recordedAt: now.toISOString(),
        recipient: { email: practitioner.email, name: practitioner.name },
      },
    };
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [
        {
          key: event.subject,
          value: JSON.stringify(event),
          headers: { [MessageHeaders.eventId]: event.id, [MessageHeaders.eventType]: event.type },
        },
      ],
    });
    return true;
  }

  client(): mongo.MongoClient {
    return this.connection.getClient();
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
    await this.connection.dropDatabase();
    await this.connection.close();
  }
}

function describe(label: string, result: RunResult): void {
  const failed = result.failed > 0 ? `   (${result.failed} of ${result.requests} failed)` : '';
  const drain =
    result.drainMs !== undefined ? `   events out ${result.drainMs} ms after the last answer` : '';
  print(
    `${label.padEnd(40)} ${String(result.requestsPerSec).padStart(7)} req/s   p50 ${result.p50Ms} ms   ` +
      `p99 ${result.p99Ms} ms   max ${result.maxMs} ms   CPU ${result.cpuMsPerRequest} ms/req   load ${result.load1m}` +
      `${drain}${failed}`,
  );
}

/** A MongoDB URL whose clients report every command (the driver's command monitoring), for BENCH_PROFILE. */
function withCommandMonitoring(url: string): string {
  if (url.includes('?')) return `${url}&monitorCommands=true`;
  return /^mongodb(\+srv)?:\/\/[^/]+$/.test(url)
    ? `${url}/?monitorCommands=true`
    : `${url}?monitorCommands=true`;
}

/**
 * BENCH_PROFILE=1: every database command of a client, by command and collection (the driver's command
 * monitoring), so that a run shows how many round trips one request costs and how long each kind takes.
 */
class CommandProfile {
  private readonly started = new Map<number, string>();
  private stats = new Map<string, { count: number; ms: number }>();

  /** `client` must have been created with `monitorCommands` (see {@link withCommandMonitoring}). */
  constructor(client: mongo.MongoClient) {
    client.on('commandStarted', (event: mongo.CommandStartedEvent) => {
      const target = event.command[event.commandName];
      this.started.set(event.requestId, `${event.commandName} ${typeof target === 'string' ? target : ''}`);
    });
    const done = (event: mongo.CommandSucceededEvent | mongo.CommandFailedEvent) => {
      const name = this.started.get(event.requestId) ?? event.commandName;
      this.started.delete(event.requestId);
      const stat = this.stats.get(name) ?? { count: 0, ms: 0 };
      stat.count++;
      stat.ms += event.duration;
      this.stats.set(name, stat);
    };
    client.on('commandSucceeded', done);
    client.on('commandFailed', done);
  }

  reset(): void {
    this.stats = new Map();
  }

  /** Prints what the commands since the last report cost per request, and starts counting again. */
  report(requests: number): void {
    const rows = [...this.stats].sort(([, a], [, b]) => b.ms - a.ms);
    this.reset();
    for (const [name, { count, ms }] of rows) {
      print(
        `    ${name.padEnd(40)} ${(count / requests).toFixed(2).padStart(6)} per request, ` +
          `mean ${(ms / count).toFixed(1).padStart(7)} ms, total ${Math.round(ms)} ms`,
      );
    }
  }
}

async function versions(connection: Connection, kafka: Kafka): Promise<{ database: string; broker: string }> {
  const info = (await connection.db!.admin().command({ buildInfo: 1 })) as {
    version?: string;
    gitVersion?: string;
  };
  // mongo-java-server (the local default) answers buildInfo with a version and nothing else.
  const database = info.gitVersion
    ? `MongoDB ${info.version}`
    : `MongoDB-wire server reporting ${info.version}, no gitVersion (mongo-java-server?)`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { brokers } = await admin.describeCluster();
    // The protocol does not tell a broker's release; its inter-broker protocol version names the line.
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        {
          type: ConfigResourceTypes.BROKER,
          name: String(brokers[0].nodeId),
          configNames: ['inter.broker.protocol.version'],
        },
      ],
    });
    const protocol = resources[0]?.configEntries[0]?.configValue ?? 'unknown';
    return { database, broker: `Kafka (inter-broker protocol ${protocol}), ${brokers.length} broker(s)` };
  } finally {
    await admin.disconnect();
  }
}

/**
 * Drops the benchmark's databases and topics: at the end, and on Ctrl-C (the service's shutdown hooks would
 * otherwise close it and leave them behind).
 */
class Cleanup {
  private readonly steps: (() => Promise<unknown>)[] = [];
  private running?: Promise<void>;

  add(step: () => Promise<unknown>): void {
    this.steps.unshift(step);
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps) await step().catch(() => undefined);
    })();
    return this.running;
  }
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const loadAtStart = load();
  const prefix = `bench-credits-${uniqueSuffix()}.`;
  const cleanup = new Cleanup();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.prependOnceListener(signal, () => {
      print(`${signal}: cleaning up`);
      void cleanup.run().finally(() => process.exit(130));
    });
  }
  const kafka = createKafka({
    clientId: 'bench-credits',
    brokers: BROKERS.split(','),
    topicPartitions: PARTITIONS,
  });
  cleanup.add(async () => {
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    await admin.deleteTopics({ topics });
    await admin.disconnect();
  });
  print(
    `credits bench: ${REQUESTS} requests per throughput run from ${CONCURRENCY} clients; then ${RATE} req/s ` +
      `for ${SECONDS} s; ${PRACTITIONERS} practitioners, ${COURSES} catalog courses`,
  );
  if (!COMPLIANCE_REFRESH) {
    print(
      'BENCH_COMPLIANCE=off: no compliance re-evaluation after a change (a measurement, not the product)',
    );
    ComplianceService.prototype.refresh = () => Promise.resolve('unchanged');
  }
  const service: TestService = await startTestService(creditsService, {
    MONGO_DB: `bench_credits_${uniqueSuffix()}`,
    MONGO_URL: PROFILE ? withCommandMonitoring(MONGO_URL) : MONGO_URL,
    KAFKA_BROKERS: BROKERS,
    KAFKA_TOPIC_PREFIX: prefix,
    // The topics are new and the service's own: it reads the course events published below from their start.
    KAFKA_FROM_BEGINNING: 'true',
    LOG_LEVEL: 'warn',
  });
  cleanup.add(() => service.close());
  const client = new HttpClient(service.url, Math.max(CONCURRENCY, 256));
  cleanup.add(async () => client.close());
  // The benchmark's own reads of the service's database, apart from the service's connection (and profile).
  const benchConnection = await mongoose
    .createConnection(MONGO_URL, { dbName: service.config.MONGO_DB })
    .asPromise();
  cleanup.add(() => benchConnection.close());
  const { database, broker } = await versions(benchConnection, kafka);
  print(`database ${database}; broker ${broker} at ${BROKERS}; node ${process.version}`);
  print(`machine: ${availableParallelism()} CPUs, load average ${loadAtStart.join(' ')}`);
  const side = new ServiceSide(client, benchConnection);
  const serviceProfile = PROFILE
    ? new CommandProfile(service.app.get<Connection>(getConnectionToken()).getClient())
    : undefined;

  print(`seeding: ${COURSES} course events on the course topic, ${PRACTITIONERS} profiles`);
  const publisher = new EventPublisher(kafka, { topicPrefix: prefix });
  await publisher.connect();
  await publisher.publish(
    courseIds.map((id, index) =>
      createEvent({
        id: randomUUID(),
        type: CourseEventTypes.published,
        source: 'catalog',
        subject: id,
        time: new Date(),
        data: courseSnapshot(id, index),
      }),
    ),
  );
  await publisher.disconnect();
  const courses = service.app.get(CatalogCourseRepository);
  await waitFor(
    async () => {
      const known = await Promise.all(courseIds.map((id) => courses.findById(id)));
      return known.every(Boolean) ? true : undefined;
    },
    { timeoutMs: 60_000, what: 'the courses to reach the credits read model' },
  );
  const practitioners: BenchPractitioner[] = Array.from({ length: PRACTITIONERS }, (_, k) => {
    const id = `bench-practitioner-${k}`;
    const email = `practitioner${k}@example.org`;
    const name = `Dr. Bench ${k}`;
    return { id, email, name, headers: asPractitioner(id, email, name) };
  });
  await closedLoop(practitioners.length, CONCURRENCY, async (k) => {
    const practitioner = practitioners[k];
    const response = await client.send(
      'PUT',
      '/v1/practitioners/me',
      {
        name: practitioner.name,
        email: practitioner.email,
        profession: 'physician',
        specialty: 'pain-medicine',
        licenses: [{ state: ['TX', 'CA', 'NY', 'FL'][k % 4], number: `L-${k}`, expiresOn: '2027-08-31' }],
        flags: { directPatientCare: true, painClinic: k % 3 === 0 },
      },
      practitioner.headers,
    );
    if (response.status !== 201) {
      throw new Error(`profile of ${practitioner.id}: ${response.status} ${response.body}`);
    }
  });

  /** Every request of the benchmark is a new one: its own number, hence its own key and activity. */
  let sequence = 0;
  const run = async (
    record: (credit: CreditRequest, kind: Kind) => Promise<boolean>,
    count: number,
    kindOf: (n: number) => Kind,
    rate?: number,
  ) => {
    const timings = new Timings();
    const base = sequence;
    sequence += count;
    const job = async (index: number, scheduledAt = performance.now()) => {
      const n = base + index;
      const kind = kindOf(n);
      timings.record(scheduledAt, await record(creditRequest(kind, n, practitioners), kind));
    };
    if (rate) await paced(count, rate, job);
    else await closedLoop(count, CONCURRENCY, (index) => job(index), performance.now() + RUN_SECONDS * 1000);
    return timings;
  };
  const serviceRun = async (count: number, kindOf: (n: number) => Kind, rate?: number) => {
    const timings = await run((credit) => side.record(credit), count, kindOf, rate);
    const result = timings.result(await side.outboxDrained());
    serviceProfile?.report(timings.requests);
    return result;
  };

  print('warming up');
  await serviceRun(WARM_UP, mixed);
  const rawTopic = `${prefix}raw-baseline.v1`;
  await ensureTopics(kafka, [rawTopic], PARTITIONS);
  const raw = await RawSide.open(kafka, rawTopic, {
    catalog: await side.storedEntry('catalog'),
    outside: await side.storedEntry('outside'),
  });
  cleanup.add(() => raw.close());
  const rawProfile = PROFILE ? new CommandProfile(raw.client()) : undefined;
  const rawRun = async (count: number, kindOf: (n: number) => Kind, rate?: number) => {
    const timings = await run((credit, kind) => raw.record(credit, kind), count, kindOf, rate);
    rawProfile?.report(timings.requests);
    const result = timings.result();
    return result;
  };
  await rawRun(WARM_UP, mixed);

  print(`throughput: ${REQUESTS} requests from ${CONCURRENCY} clients (or ${RUN_SECONDS} s of them)`);
  const throughput = {} as Record<Kind, { service: RunResult; raw: RunResult; ratio: number }>;
  for (const kind of KINDS) {
    // Raw first, then the service, kind by kind: load from elsewhere on the machine hits both alike.
    const rawResult = await rawRun(REQUESTS, () => kind);
    describe(`raw driver + kafkajs, ${kind}`, rawResult);
    const serviceResult = await serviceRun(REQUESTS, () => kind);
    describe(`service over HTTP, ${kind}`, serviceResult);
    const ratio = round(serviceResult.requestsPerSec / rawResult.requestsPerSec, 3);
    throughput[kind] = { service: serviceResult, raw: rawResult, ratio };
    print(`  ratio service/raw (${kind}): ${ratio}`);
  }

  // What the service carries of the mix: the two kinds' throughputs combined, request for request.
  const maximum = round(
    2 / (1 / throughput.catalog.service.requestsPerSec + 1 / throughput.outside.service.requestsPerSec),
  );
  print(`paced at ${RATE} req/s for ${SECONDS} s, half catalog claims, half outside activities`);
  const rawPaced = await rawRun(RATE * SECONDS, mixed, RATE);
  describe('raw driver + kafkajs', rawPaced);
  // Far beyond what the service reached, a paced run only times a queue growing for minutes.
  const servicePaced = maximum >= RATE / 2 ? await serviceRun(RATE * SECONDS, mixed, RATE) : undefined;
  if (servicePaced) describe('service over HTTP', servicePaced);
  else print(`service at ${RATE} req/s: not run (its maximum here is ${maximum} req/s)`);
  const sustained =
    servicePaced !== undefined &&
    servicePaced.failed === 0 &&
    servicePaced.requestsPerSec >= RATE * 0.95 &&
    maximum >= RATE;
  let serviceSustainable: (RunResult & { ratePerSec: number }) | undefined;
  if (!sustained) {
    const rate = Math.max(1, Math.floor(maximum * 0.8));
    print(`paced at ${rate} req/s (80% of the service's maximum of ${maximum}) for ${SECONDS} s`);
    serviceSustainable = { ratePerSec: rate, ...(await serviceRun(rate * SECONDS, mixed, rate)) };
    describe('service over HTTP', serviceSustainable);
  }

  const p99AtRate = servicePaced?.failed === 0 ? servicePaced.p99Ms : null;
  const met = {
    throughputRatio: KINDS.every((kind) => throughput[kind].ratio >= GOALS.throughputRatio),
    p99At200PerSecond: RATE === 200 && p99AtRate !== null && p99AtRate < GOALS.p99MsAt200PerSecond,
  };
  print(
    `service throughput = ${KINDS.map((kind) => `${Math.round(throughput[kind].ratio * 100)}% (${kind})`).join(', ')} ` +
      `of raw (goal ${GOALS.throughputRatio * 100}%); p99 at ${RATE}/s = ${p99AtRate ?? 'not reached'} ms ` +
      `(goal < ${GOALS.p99MsAt200PerSecond} ms at 200/s)`,
  );
  const entriesAtEnd = await side.entries();
  await cleanup.run();
  print(
    JSON.stringify({
      bench: 'credits',
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      practitioners: PRACTITIONERS,
      courses: COURSES,
      entriesAtEnd,
      machine: { cpus: availableParallelism(), loadAverage: { start: loadAtStart, end: load() } },
      node: process.version,
      database,
      broker,
      throughput,
      serviceMaximumMixedPerSec: maximum,
      paced: {
        ratePerSec: RATE,
        seconds: SECONDS,
        raw: rawPaced,
        service: servicePaced ?? null,
        ...(serviceSustainable && { serviceSustainable }),
      },
      complianceRefresh: COMPLIANCE_REFRESH,
      goals: GOALS,
      met,
    }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`credits bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
