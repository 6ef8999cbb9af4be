/**
 * Benchmark: compliance through HTTP (`GET /v1/practitioners/me/compliance`: token check, rate limits, the
 * profile and the whole ledger read from the database, the engine, the allocations mapped back to ledger
 * entries, JSON) beside the engine alone (`evaluateCompliance` of libs/requirements) on the same profile and
 * credits, for practitioners with 50, 200 and 500 credits under every rule pack a physician can fall under
 * (licenses in all six states with packs, ABA, ABPMR and ABPN certification, a DEA registration: 10 of the 11
 * packs; the nurse-practitioner pack applies to nurse practitioners only). Then the re-evaluation a rule-pack
 * change causes (issue: over 100,000 stored practitioners): practitioners stored as older packs left them, on a
 * throwaway mongo-java-server (memory backend, started for the run: seeding that many into the shared local
 * database would stall it for everyone), re-evaluated by the service's start-up sweep, in practitioners per
 * second, with its progress as the service logs it.
 * Run: npm run bench:compliance (compiles with tsc, then runs on plain node against the local infrastructure;
 * KAFKA_BROKERS and MONGO_URL override it).
 *
 * Set-up: the service in this process on a database and topics of its own (a topic prefix keeps its events off
 * the shared topics), profiles through the API, credits and stored practitioners written with the driver as
 * copies of documents the service itself wrote (same shape, none of the events a POST would cause).
 * Prints progress; the last line is one JSON object whose `met` says, per goal, whether it was met.
 * Goals: route p99 < 50 ms at 500 credits; engine p99 under 1 ms at 500 credits.
 * BENCH_SIZES ("50,200,500") credits of the route's practitioners; BENCH_COURSES (100) catalog courses;
 * BENCH_SAMPLES (300) requests per size; BENCH_STORED (comma-separated,
 * "5000,10000") stored practitioners per re-evaluation run, each with BENCH_STORED_CREDITS (3) credits; the
 * 100,000 of the issue are projected from the growth between the runs unless a run reaches them
 * (BENCH_STORED=100000 with BENCH_MONGO_HEAP, the throwaway server's Java heap, default 2g: 512 MB stopped
 * while 30,000 of these practitioners were being seeded).
 * The engine is timed in this process once the service is closed, after a forced garbage collection: run it
 * with the credits service's V8 flags (SERVICE_V8_FLAGS) and --expose-gc, as the npm script does.
 */
import { Agent, get } from 'node:http';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

import { type CourseSnapshot } from '@cme/contracts';
import { createKafka } from '@cme/messaging';
import { calendarDateIn, evaluateCompliance, type RulePackSet, TOPIC_CODES } from '@cme/requirements';
import {
  asPractitioner,
  startTestService,
  type TestService,
  ThrowawayInfra,
  uniqueSuffix,
  waitForQuiescence,
} from '@cme/testing';
import { Logger } from '@nestjs/common';
import { mongo } from 'mongoose';

import { CatalogCourseRepository } from '../src/catalog-courses/catalog-course.repository';
import { ComplianceEvaluator } from '../src/compliance/compliance-evaluator';
import { toEngineCredits, toEngineProfile } from '../src/compliance/compliance-inputs';
import { ComplianceService } from '../src/compliance/compliance.service';
import { creditsService } from '../src/credits.module';
import { CreditEntryRepository } from '../src/ledger/credit-entry.repository';
import { PractitionerProfileService } from '../src/practitioners/practitioner-profile.service';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const SIZES = (process.env.BENCH_SIZES ?? '50,200,500').split(',').map(Number);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const WARM_UP = 30;
const ENGINE_SAMPLES = Number(process.env.BENCH_ENGINE_SAMPLES ?? 2000);
const STORED = (process.env.BENCH_STORED ?? '5000,10000').split(',').map(Number);
const STORED_CREDITS = Number(process.env.BENCH_STORED_CREDITS ?? 3);
/**
 * Published catalog courses the service knows: each re-evaluation whose standing changed ranks them for the
 * compliance event's recommended courses, simulating the best candidates through the engine.
 */
const COURSES = Number(process.env.BENCH_COURSES ?? 100);
const TARGET_PRACTITIONERS = 100_000;
const GOALS = { routeP99Ms: 50, engineP99Ms: 1 };
const TIMEZONE = 'America/Chicago';
const INSERT_BATCH = 1000;

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { p50: round(at(0.5), 3), p99: round(at(0.99), 3) };
}

/** The calendar date `days` after `date`. */
function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** A pain-medicine physician licensed in every state with a pack, certified by the three boards, DEA-registered. */
function allPacksProfile(today: string, name: string) {
  const year = Number(today.slice(0, 4));
  const states = ['CA', 'FL', 'TX', 'NY', 'MI', 'NC'];
  return {
    name,
    profession: 'physician',
    specialty: 'pain-medicine',
    npi: '1234567893',
    timezone: TIMEZONE,
    birthMonth: 4,
    birthDay: 12,
    licenses: states.map((state, index) => ({
      state,
      number: `${state}-${10000 + index}`,
      issuedOn: '2012-06-01',
      expiresOn: addDays(today, 120 + index * 90),
      renewalNumber: 6,
    })),
    boards: [
      {
        board: 'ABA',
        specialty: 'pain-medicine',
        certifiedSince: '2012-01-01',
        cycleStart: `${year}-01-01`,
        cycleEnd: `${year + 4}-12-31`,
        mocParticipation: true,
      },
      { board: 'ABPMR', specialty: 'pain-medicine', certifiedSince: '2014-01-01', mocParticipation: true },
      { board: 'ABPN', specialty: 'pain-medicine', certifiedSince: '2016-01-01', mocParticipation: true },
    ],
    dea: { number: 'AB1234563', registeredOn: '2024-01-01', expiresOn: addDays(today, 400), states },
    flags: { directPatientCare: true, painClinic: true },
  };
}

const CREDIT_TYPES = ['AMA_PRA_1', 'AMA_PRA_1', 'AMA_PRA_1', 'AMA_PRA_2', 'ABA_PATIENT_SAFETY', 'AOA_1A'];

/**
 * Credit `index` of a practitioner's ledger as stored, from a template entry the service wrote: completion
 * dates over the last six years, mostly Category 1, one or two topics of the shared vocabulary.
 */
function creditDocument(
  template: Record<string, unknown>,
  practitionerId: string,
  index: number,
  today: string,
) {
  const activity = template.activity as Record<string, unknown>;
  const topics = [
    ...new Set([TOPIC_CODES[index % TOPIC_CODES.length], TOPIC_CODES[(index * 7) % TOPIC_CODES.length]]),
  ];
  return {
    ...template,
    _id: `${practitionerId}-credit-${index}`,
    practitionerId,
    activity: {
      ...activity,
      title: `Pain medicine session ${index}`,
      activityId: `BENCH-${practitionerId}-${index}`,
      topics,
    },
    completedOn: addDays(today, -((index * 37) % 2190)),
    claimed: [{ type: CREDIT_TYPES[index % CREDIT_TYPES.length], amount: 0.5 + (index % 16) * 0.5 }],
    history: [],
    outbox: [],
  };
}

async function insertAll(service: TestService, collection: string, documents: object[]): Promise<void> {
  const target = service.connection.collection(collection);
  for (let offset = 0; offset < documents.length; offset += INSERT_BATCH) {
    await target.insertMany(documents.slice(offset, offset + INSERT_BATCH) as never[], { ordered: false });
  }
}

/** Types a provider designates in advance (Category 2 is self-claimed, never a course's). */
const COURSE_CREDIT_TYPES = ['AMA_PRA_1', 'AMA_PRA_1', 'ABA_PATIENT_SAFETY', 'AOA_1A'] as const;

/** Catalog course `index`, as the catalog's events carry it: for physicians, available for three years. */
function courseSnapshot(index: number, today: string): CourseSnapshot {
  return {
    id: `bench-course-${index}`,
    version: 1,
    status: 'published',
    title: `Pain medicine course ${index}`,
    provider: { name: 'Pain Society', accreditor: 'ACCME', accreditationId: `PS-${index}` },
    format: 'internet-enduring',
    topics: [TOPIC_CODES[index % TOPIC_CODES.length], TOPIC_CODES[(index * 5) % TOPIC_CODES.length]],
    credits: [{ type: COURSE_CREDIT_TYPES[index % COURSE_CREDIT_TYPES.length], amount: 1 + (index % 20) }],
    professions: ['physician'],
    availableUntil: addDays(today, 3 * 365),
    publishedAt: `${today}T00:00:00.000Z`,
    updatedAt: `${today}T00:00:00.000Z`,
  };
}

/** GET over a keep-alive connection; answers the time to the last byte in ms. */
function timedGet(agent: Agent, url: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    get(url, { agent, headers }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () =>
        response.statusCode === 200
          ? resolve(performance.now() - started)
          : reject(new Error(`GET ${url} answered ${response.statusCode}`)),
      );
      response.on('error', reject);
    }).on('error', reject);
  });
}

interface RouteResult {
  credits: number;
  requirements: number;
  /** Size of the route's JSON answer. */
  responseKb: number;
  route: { p50: number; p99: number };
  /** The raw driver reading what the route reads (the profile, the whole ledger), nothing else. */
  rawRead: { p50: number; p99: number };
}

interface SizeResult extends RouteResult {
  engine: { p50: number; p99: number };
  ratio: { p50: number; p99: number };
}

/** The engine's inputs for one size, as the route gives them to it. */
interface EngineInputs {
  packs: RulePackSet;
  profile: ReturnType<typeof toEngineProfile>;
  credits: ReturnType<typeof toEngineCredits>;
  asOf: string;
}

/**
 * The engine alone, timed once the service is closed and its garbage collected: what `evaluateCompliance`
 * costs, without the service's own work (the listener, the relay, the consumer) or the database's background
 * writes after the route runs sharing the two cores mid-measurement.
 */
function timeEngine({ packs, profile, credits, asOf }: EngineInputs): { p50: number; p99: number } {
  // Warm: V8 compiles the engine's hot paths with its optimizing tier, as a running service has long since.
  for (let i = 0; i < 1000; i++) evaluateCompliance(profile, credits, packs, asOf);
  (globalThis as { gc?: () => void }).gc?.();
  const engine: number[] = [];
  for (let i = 0; i < ENGINE_SAMPLES; i++) {
    const started = performance.now();
    evaluateCompliance(profile, credits, packs, asOf);
    engine.push(performance.now() - started);
  }
  return percentiles(engine);
}

async function measureSize(
  service: TestService,
  template: Record<string, unknown>,
  today: string,
  credits: number,
): Promise<RouteResult & { engineInputs: EngineInputs }> {
  const practitionerId = `bench-route-${credits}-${uniqueSuffix()}`;
  const headers = asPractitioner(practitionerId);
  const put = await fetch(`${service.url}/v1/practitioners/me`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(allPacksProfile(today, `Route ${credits}`)),
  });
  if (put.status !== 201) throw new Error(`PUT profile answered ${put.status}: ${await put.text()}`);
  await insertAll(
    service,
    'credit_entries',
    Array.from({ length: credits }, (_, index) => creditDocument(template, practitionerId, index, today)),
  );

  // The engine's inputs, read and converted once: the engine alone is timed later (timeEngine).
  const practitioner = await service.app.get(PractitionerProfileService).find(practitionerId);
  const entries = await service.app.get(CreditEntryRepository).findAll(practitionerId);
  if (!practitioner || entries.length !== credits) throw new Error('seeded practitioner not read back');
  const engineInputs: EngineInputs = {
    packs: service.app.get(ComplianceEvaluator).packs,
    profile: toEngineProfile(practitioner.profile),
    credits: toEngineCredits(entries),
    asOf: calendarDateIn(TIMEZONE, new Date()),
  };
  const result = evaluateCompliance(
    engineInputs.profile,
    engineInputs.credits,
    engineInputs.packs,
    engineInputs.asOf,
  );
  if (result.notCovered.length > 0) throw new Error(`not covered: ${JSON.stringify(result.notCovered)}`);

  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = `${service.url}/v1/practitioners/me/compliance`;
  try {
    for (let i = 0; i < WARM_UP; i++) await timedGet(agent, url, headers);
    const route: number[] = [];
    for (let i = 0; i < SAMPLES; i++) route.push(await timedGet(agent, url, headers));
    const read: number[] = [];
    const [practitioners, ledger] = ['practitioners', 'credit_entries'].map((name) =>
      service.connection.collection(name),
    );
    for (let i = 0; i < SAMPLES; i++) {
      const started = performance.now();
      await Promise.all([
        practitioners.findOne({ _id: practitionerId as never }, { projection: { outbox: 0 } }),
        ledger.find({ practitionerId }, { projection: { outbox: 0 } }).toArray(),
      ]);
      read.push(performance.now() - started);
    }
    const answer = await fetch(url, { headers });
    return {
      credits,
      requirements: result.requirements.length,
      responseKb: Math.round((await answer.arrayBuffer()).byteLength / 1024),
      route: percentiles(route),
      rawRead: percentiles(read),
      engineInputs,
    };
  } finally {
    agent.destroy();
  }
}

interface ReevaluationResult {
  practitioners: number;
  creditsEach: number;
  seedSeconds: number;
  /** The start-up sweep, as it reports itself: every practitioner read, evaluated, stored with its event. */
  seconds: number;
  perSecond: number;
  published: number;
  /** After the sweep, until the last compliance event was published. */
  drainSeconds: number;
}

interface Templates {
  practitioner: Record<string, unknown>;
  credit: Record<string, unknown>;
  result: Record<string, unknown>;
  courses: Record<string, unknown>[];
}

const STATES = ['CA', 'FL', 'TX', 'NY', 'MI', 'NC'];

/**
 * Stored practitioner `index`'s profile: the template physician cut down to one or two of the six states, a
 * board certification for every other one, so that the requirements (2 to 9 of them) and their gaps differ.
 */
function storedProfile(template: Record<string, unknown>, index: number): Record<string, unknown> {
  const profile = template.profile as { licenses: { state: string }[]; boards: unknown[] };
  const states = [STATES[index % 6], ...(index % 3 === 0 ? [STATES[(index + 2) % 6]] : [])];
  return {
    ...profile,
    name: `Stored ${index}`,
    licenses: profile.licenses.filter((license) => states.includes(license.state)),
    boards: index % 2 === 0 ? [profile.boards[index % profile.boards.length]] : [],
  };
}

async function insertMany(db: mongo.Db, collection: string, documents: object[]): Promise<void> {
  for (let offset = 0; offset < documents.length; offset += INSERT_BATCH) {
    await db
      .collection(collection)
      .insertMany(documents.slice(offset, offset + INSERT_BATCH) as never[], { ordered: false });
  }
}

/**
 * `count` stored practitioners as the previous rule packs left them (another rules version, another standing,
 * so that each re-evaluation stores and publishes), written to a database of the throwaway server in chunks;
 * then the service started on that database, whose start-up sweep re-evaluates them all.
 */
async function measureReevaluation(
  mongoUrl: string,
  serviceEnv: Record<string, string>,
  templates: Templates,
  today: string,
  count: number,
): Promise<ReevaluationResult> {
  const database = `bench_reevaluation_${count}_${uniqueSuffix()}`;
  const env = { ...serviceEnv, MONGO_URL: mongoUrl, MONGO_DB: database };
  // Once on the empty database, so that the service creates its collections' indexes before the data.
  await (await startTestService(creditsService, env)).close();
  const client = await mongo.MongoClient.connect(mongoUrl);
  const db = client.db(database);
  try {
    const seeded = performance.now();
    await insertMany(db, 'catalog_courses', templates.courses);
    const CHUNK = 10_000;
    for (let from = 0; from < count; from += CHUNK) {
      const indexes = Array.from({ length: Math.min(CHUNK, count - from) }, (_, k) => from + k);
      const idOf = (index: number) => `bench-stored-${String(index).padStart(6, '0')}`;
      await insertMany(
        db,
        'practitioners',
        indexes.map((index) => ({
          ...templates.practitioner,
          _id: idOf(index),
          profile: storedProfile(templates.practitioner, index),
          outbox: [],
        })),
      );
      await insertMany(
        db,
        'credit_entries',
        indexes.flatMap((index) =>
          // Each practitioner's own credits: other dates, types, amounts and topics than the next one's.
          Array.from({ length: STORED_CREDITS }, (_, k) =>
            creditDocument(templates.credit, idOf(index), index * STORED_CREDITS + k, today),
          ),
        ),
      );
      await insertMany(
        db,
        'compliance_results',
        indexes.map((index) => ({
          ...templates.result,
          _id: idOf(index),
          rulesVersion: 'older-packs',
          standingDigest: 'older-standing',
          requirements: [],
          outbox: [],
        })),
      );
      print(`  seeded ${from + indexes.length} of ${count}`);
    }
    const seedSeconds = round((performance.now() - seeded) / 1000, 1);

    let reportFinished: (line: { practitioners: number; published: number; seconds: number }) => void;
    const finished = new Promise<{ practitioners: number; published: number; seconds: number }>((resolve) => {
      reportFinished = resolve;
    });
    let lastPrinted = 0;
    const logs = {
      write(line: string) {
        if (!line.includes('compliance re-evaluation')) return;
        const entry = JSON.parse(line) as { msg: string; practitioners: number; published: number } & Record<
          string,
          number
        >;
        if (entry.msg === 'compliance re-evaluation finished') reportFinished(entry as never);
        else if (entry.practitioners - lastPrinted >= 5000 || entry.practitioners === count) {
          lastPrinted = entry.practitioners;
          print(`  sweep: ${entry.practitioners} re-evaluated, ${entry.perSecond}/s`);
        }
      },
    };
    const started = performance.now();
    const service = await startTestService(
      creditsService,
      { ...env, LOG_LEVEL: 'info' },
      { logDestination: logs },
    );
    try {
      const sweep = await finished;
      const sweptAt = performance.now();
      if (sweep.practitioners < count)
        throw new Error(`the sweep refreshed ${sweep.practitioners} of ${count}`);
      await waitForQuiescence({
        outboxes: [{ connection: service.connection, collections: ['compliance_results'] }],
        timeoutMs: 1_800_000,
      });
      print(`  (service start to sweep end ${round((sweptAt - started) / 1000, 1)} s)`);
      return {
        practitioners: count,
        creditsEach: STORED_CREDITS,
        seedSeconds,
        seconds: round(sweep.seconds, 1),
        perSecond: round(sweep.practitioners / sweep.seconds, 1),
        published: sweep.published,
        drainSeconds: round((performance.now() - sweptAt) / 1000, 1),
      };
    } finally {
      await service.close();
    }
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

/**
 * Seconds for `target` practitioners, from the runs: at the largest run's rate, and with the growth of the
 * time between the two largest (time = a·n^b, b > 1 when each batch costs more as the collections grow);
 * the larger of the two.
 */
function projectTo(
  target: number,
  runs: readonly ReevaluationResult[],
): { seconds: number; atLastRate: number; exponent: number | null } {
  const sorted = [...runs].sort((a, b) => a.practitioners - b.practitioners);
  const large = sorted[sorted.length - 1];
  const small = sorted.length > 1 ? sorted[sorted.length - 2] : undefined;
  const atLastRate = target / large.perSecond;
  if (!small || small.practitioners === large.practitioners) {
    return { seconds: round(atLastRate, 0), atLastRate: round(atLastRate, 0), exponent: null };
  }
  const exponent =
    Math.log(large.seconds / small.seconds) / Math.log(large.practitioners / small.practitioners);
  const grown = large.seconds * (target / large.practitioners) ** exponent;
  return {
    seconds: round(Math.max(atLastRate, grown), 0),
    atLastRate: round(atLastRate, 0),
    exponent: round(exponent, 2),
  };
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const loadAtStart = loadavg()[0];
  const prefix = `bench-compliance-${uniqueSuffix()}.`;
  const kafka = createKafka({
    clientId: 'bench-compliance',
    brokers: BROKERS.split(','),
    topicPartitions: 6,
  });
  const service = await startTestService(creditsService, {
    MONGO_DB: `bench_compliance_${uniqueSuffix()}`,
    KAFKA_BROKERS: BROKERS,
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  });
  let throwaway: ThrowawayInfra | undefined;
  // Drops the benchmark's database and topics at the end, and on Ctrl-C (they would be left behind otherwise).
  const cleanup = async () => {
    await service.close().catch(() => undefined);
    await throwaway?.destroy().catch(() => undefined);
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.prependOnceListener(signal, () => {
      print(`${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    const today = calendarDateIn(TIMEZONE, new Date());
    print(
      `compliance bench: ${SAMPLES} requests per size (${SIZES.join(', ')} credits), engine ${ENGINE_SAMPLES} ` +
        `evaluations per size; re-evaluation of ${STORED.join(' then ')} stored practitioners with ${COURSES} ` +
        `catalog courses to recommend from; load ${round(loadAtStart)}`,
    );

    // The course listener's own path into the catalog read model.
    const catalog = service.app.get(CatalogCourseRepository);
    for (let index = 0; index < COURSES; index++) await catalog.apply(courseSnapshot(index, today));

    // Templates: documents the service itself writes for a profile, a credit and a stored result.
    const templateId = `bench-template-${uniqueSuffix()}`;
    const headers = { ...asPractitioner(templateId), 'content-type': 'application/json' };
    await fetch(`${service.url}/v1/practitioners/me`, {
      method: 'PUT',
      headers,
      body: JSON.stringify(allPacksProfile(today, 'Template')),
    });
    await fetch(`${service.url}/v1/practitioners/me/credits`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        activity: {
          title: 'Template',
          provider: 'Pain Society',
          format: 'live',
          topics: ['pain-management'],
        },
        completedOn: today,
        claimed: [{ type: 'AMA_PRA_1', amount: 1 }],
      }),
    });
    // Stored now rather than when the listener gets to the profile's event.
    await service.app.get(ComplianceService).refresh(templateId);
    const raw = (collection: string, filter: object) =>
      service.connection.collection(collection).findOne(filter) as Promise<Record<string, unknown>>;
    const templates: Templates = {
      practitioner: await raw('practitioners', { _id: templateId }),
      credit: await raw('credit_entries', { practitionerId: templateId }),
      result: await raw('compliance_results', { _id: templateId }),
      courses: await service.connection.collection('catalog_courses').find().toArray(),
    };

    const routes: (RouteResult & { engineInputs: EngineInputs })[] = [];
    for (const credits of SIZES) routes.push(await measureSize(service, templates.credit, today, credits));

    await service.close();

    const sizes: SizeResult[] = [];
    for (const { engineInputs, ...route } of routes) {
      const engine = timeEngine(engineInputs);
      const size = {
        ...route,
        engine,
        ratio: { p50: round(route.route.p50 / engine.p50, 1), p99: round(route.route.p99 / engine.p99, 1) },
      };
      sizes.push(size);
      const { credits } = size;
      print(
        `${credits} credits, ${size.requirements} requirements: route p50 ${size.route.p50} ms p99 ${size.route.p99} ms | ` +
          `engine p50 ${size.engine.p50} ms p99 ${size.engine.p99} ms | route/engine p50 ${size.ratio.p50}x p99 ${size.ratio.p99}x | ` +
          `raw driver read p50 ${size.rawRead.p50} ms p99 ${size.rawRead.p99} ms | answer ${size.responseKb} KiB`,
      );
    }

    print(`starting a throwaway mongo-java-server (memory backend) for the re-evaluation runs…`);
    process.env.CME_MONGO_HEAP = process.env.BENCH_MONGO_HEAP ?? '2g';
    process.env.CME_MONGO_GC ??= 'G1GC';
    throwaway = await ThrowawayInfra.start(['mongo']);
    const serviceEnv = { KAFKA_BROKERS: BROKERS, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn' };
    const reevaluations: ReevaluationResult[] = [];
    for (const count of STORED) {
      print(
        `re-evaluation after a rule-pack change: ${count} stored practitioners × ${STORED_CREDITS} credits…`,
      );
      const result = await measureReevaluation(
        throwaway.endpoints.MONGO_URL,
        serviceEnv,
        templates,
        today,
        count,
      );
      reevaluations.push(result);
      print(
        `  ${result.practitioners} re-evaluated in ${result.seconds} s: ${result.perSecond} practitioners/s ` +
          `(seeded in ${result.seedSeconds} s; ${result.published} events, all published ${result.drainSeconds} s later)`,
      );
    }
    const projection = projectTo(TARGET_PRACTITIONERS, reevaluations);
    const measured = reevaluations.some((run) => run.practitioners >= TARGET_PRACTITIONERS);
    print(
      measured
        ? `${TARGET_PRACTITIONERS} practitioners measured`
        : `${TARGET_PRACTITIONERS} practitioners (projected): ${round(projection.atLastRate / 60, 1)} min at the ` +
            `largest run's rate` +
            (projection.exponent === null
              ? ''
              : `, ${round(projection.seconds / 60, 1)} min with the runs' growth (time ∝ n^${projection.exponent})`),
    );

    const at500 = sizes.find((size) => size.credits === 500);
    const met = {
      [`route p99 < ${GOALS.routeP99Ms} ms at 500 credits`]:
        at500 !== undefined && at500.route.p99 < GOALS.routeP99Ms,
      [`engine p99 < ${GOALS.engineP99Ms} ms at 500 credits`]:
        at500 !== undefined && at500.engine.p99 < GOALS.engineP99Ms,
    };
    print(
      JSON.stringify({
        benchmark: 'compliance',
        samples: SAMPLES,
        sizes,
        reevaluation: {
          courses: COURSES,
          server: 'throwaway mongo-java-server, memory backend',
          runs: reevaluations,
          minutesFor100000: round(projection.seconds / 60, 1),
          measured100000: measured,
        },
        load1m: { start: round(loadAtStart), end: round(loadavg()[0]) },
        goals: GOALS,
        met,
      }),
    );
  } finally {
    await cleanup();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`benchmark failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
