/**
 * Benchmark: catalog search over 50,000 published courses, through the HTTP API (served from the service's
 * in-memory search index) and, beside it, the same search as a database query run with the raw MongoDB
 * driver (`courseSearchQuery`, what the service would run without the index).
 * Run: npm run bench:catalog (compiles with tsc, then runs on plain node against the local infrastructure).
 * Seeds the courses into a dedicated database (BENCH_DB, default bench_catalog; dropped at the end unless
 * BENCH_KEEP_DB=1, and re-seeded when its size or seed differs), starts the catalog service in this process on it, then times a mix of typical
 * searches. Prints progress, p50/p99 of each side and their ratio; the last line is one JSON object.
 * Goal: p99 < 30 ms through the API.
 */

import { CREDIT_TYPE_CODES, PROFESSIONS, TOPIC_CODES } from '@cme/requirements';
import { asPractitioner, startTestService, waitFor } from '@cme/testing';
import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection, createConnection } from 'mongoose';

import { catalogService } from '../src/catalog.module';
import { type CourseContent, normalizedContent } from '../src/courses/course';
import { COURSE_FORMATS, CourseContentSchema, type CourseSearch } from '../src/courses/course.dto';
import { courseSearchFields } from '../src/courses/course.schema';
import { courseSearchQuery } from '../src/courses/course-search';
import { DESIGNATION_RULES } from '../src/vocabulary/credit-designation-rules';

const COURSES = Number(process.env.BENCH_COURSES ?? 50_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 50);
/**
 * Time one query kind may take before its sampling stops (after at least one sample per side): on a
 * server that scans the whole collection for every search, one sample takes seconds; on MongoDB, milliseconds.
 */
const KIND_BUDGET_MS = Number(process.env.BENCH_KIND_BUDGET_MS ?? 20_000);
const DATABASE = process.env.BENCH_DB ?? 'bench_catalog';
const KEEP_DATABASE = process.env.BENCH_KEEP_DB === '1';
/** Changing how courses are generated changes this, so that an old seeded database is replaced. */
const SEED = 2;
const BATCH = 1000;

/**
 * The n-th pick from `items` for course `index`: spread over the list by a per-field multiplier, so every
 * run seeds the same courses without a random generator.
 */
const nth = <T>(items: readonly T[], index: number, salt: number): T =>
  items[(index * salt + (index >> 4)) % items.length];
const several = <T>(items: readonly T[], index: number, salt: number, count: number): T[] => [
  ...new Set(Array.from({ length: count }, (_, k) => nth(items, index + k * 7919, salt + k))),
];
const log = (line: string) => process.stdout.write(`${line}\n`);

const SUBJECTS = [
  'opioid',
  'chronic pain',
  'buprenorphine',
  'naloxone',
  'tapering',
  'neuropathic pain',
  'migraine',
];
const ANGLES = ['prescribing', 'management', 'update', 'safety', 'assessment', 'case review', 'essentials'];
const AUDIENCES = ['physicians', 'nurses', 'pharmacists'];
const PROVIDERS = ['Pain Society', 'Anesthesia Academy', 'Pharmacy CE Network', 'Nursing Education Council'];
const DESIGNATABLE = CREDIT_TYPE_CODES.filter((code) => DESIGNATION_RULES[code].designatable);

function syntheticCourse(index: number): CourseContent {
  const format = nth(COURSE_FORMATS, index, 3);
  const start = new Date(Date.UTC(2025, 0, 1) + ((index * 37) % 1500) * 86_400_000);
  const day = (offsetDays: number) =>
    new Date(start.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  return CourseContentSchema.parse({
    title: `${nth(SUBJECTS, index, 5)} ${nth(ANGLES, index, 11)} ${index}`,
    summary: `${nth(SUBJECTS, index, 13)} for ${nth(AUDIENCES, index, 17)}: ${nth(ANGLES, index, 19)} and ${nth(ANGLES, index, 23)}.`,
    provider: {
      name: nth(PROVIDERS, index, 29),
      accreditor: nth(['ACCME', 'ACCME', 'ANCC', 'AOA'] as const, index, 31),
    },
    format,
    topics: several(TOPIC_CODES, index, 37, 1 + (index % 3)),
    credits: several(DESIGNATABLE, index, 41, 1 + (index % 2)).map((type, k) => ({
      type,
      amount: 0.25 * (1 + ((index + k * 13) % 40)),
    })),
    professions: several(PROFESSIONS, index, 43, 1 + (index % 2)),
    ...(['live', 'internet-live'].includes(format) && { startsOn: day(0), endsOn: day(index % 3) }),
    ...(['enduring', 'internet-enduring'].includes(format) && {
      startsOn: day(0),
      availableUntil: day(365 * 3),
    }),
  });
}

/** Seeds before the service starts: its search index loads what the database holds at start-up. */
async function seed(): Promise<void> {
  const connection = await createConnection(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017', {
    dbName: DATABASE,
  }).asPromise();
  try {
    const meta = connection.db!.collection<{ _id: string; courses: number; seed: number }>('bench_meta');
    const marker = await meta.findOne({ _id: 'seed' });
    if (marker?.courses === COURSES && marker.seed === SEED) {
      log(`seed: ${COURSES} courses already in ${DATABASE}, reused`);
      return;
    }
    await connection.dropDatabase();
    await insertCourses(connection);
    await meta.insertOne({ _id: 'seed', courses: COURSES, seed: SEED });
  } finally {
    await connection.close();
  }
}

async function insertCourses(connection: Connection): Promise<void> {
  const courses = connection.db!.collection('courses');
  const started = performance.now();
  const createdAt = Date.UTC(2026, 0, 1);
  for (let offset = 0; offset < COURSES; offset += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, COURSES - offset) }, (_, i) => {
      const index = offset + i;
      const content = syntheticCourse(index);
      const at = new Date(createdAt + index * 60_000);
      return {
        _id: `bench-${String(index).padStart(6, '0')}`,
        version: 2,
        status: 'published',
        ...normalizedContent(content),
        ...courseSearchFields(content),
        publishedAt: at,
        createdAt: at,
        updatedAt: at,
        outbox: [],
      };
    });
    await courses.insertMany(batch as never[], { ordered: false });
    if ((offset / BATCH) % 10 === 9 || offset + BATCH >= COURSES) {
      log(
        `seed: ${Math.min(offset + BATCH, COURSES)}/${COURSES} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
  }
}

/** Up to SAMPLES timings of one side, within the kind's time budget (at least one). */
async function sample(timed: () => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < SAMPLES && (samples.length === 0 || performance.now() - started < KIND_BUDGET_MS)) {
    samples.push(await timed());
  }
  return samples;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: +percentile(sorted, 50).toFixed(2), p99: +percentile(sorted, 99).toFixed(2) };
};

async function main(): Promise<void> {
  log(
    `catalog search benchmark: ${COURSES} courses, up to ${SAMPLES} samples per query kind and side ` +
      `(or ${KIND_BUDGET_MS / 1000} s per kind)`,
  );
  await seed();
  const service = await startTestService(catalogService, { MONGO_DB: DATABASE, LOG_LEVEL: 'warn' });
  try {
    const connection = service.app.get<Connection>(getConnectionToken());
    const courses = connection.db!.collection('courses');
    const headers = asPractitioner('bench-practitioner');

    const api = async (search: Record<string, string>) => {
      const started = performance.now();
      const response = await fetch(`${service.url}/v1/courses?${new URLSearchParams(search)}`, { headers });
      const body = (await response.json()) as { items: unknown[]; nextCursor: string | null };
      if (!response.ok) throw new Error(`search ${JSON.stringify(search)} answered ${response.status}`);
      return { ms: performance.now() - started, body };
    };
    const raw = async (search: Record<string, string>) => {
      const { filter, sort, limit } = courseSearchQuery({
        limit: 20,
        ...search,
        status: 'published',
      } as CourseSearch & {
        status: 'published';
      });
      const started = performance.now();
      await courses
        .find(filter as object, { projection: { outbox: 0, keywords: 0 } })
        .sort(sort)
        .limit(limit)
        .toArray();
      return performance.now() - started;
    };

    // The first search waits for this instance's search index to load the catalog.
    // Searches answer 503 until this instance's search index has loaded the catalog.
    const heapBefore = process.memoryUsage().heapUsed;
    const loadStarted = performance.now();
    await waitFor(
      async () => ((await fetch(`${service.url}/v1/courses`, { headers })).ok ? true : undefined),
      {
        timeoutMs: 600_000,
        intervalMs: 1000,
        what: 'the search index to load',
      },
    );
    const indexLoadMs = Math.round(performance.now() - loadStarted);
    const indexHeapMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024);
    log(`search index loaded ${COURSES} courses in ${indexLoadMs} ms; heap grew by about ${indexHeapMb} MiB`);
    const firstTopicPage = await api({ topic: 'pain-management' });
    const kinds: Record<string, Record<string, string>> = {
      'first page': {},
      'q=opioid': { q: 'opioid' },
      'q=chronic pain manag': { q: 'chronic pain manag' },
      topic: { topic: 'pain-management' },
      creditType: { creditType: 'ANCC_CH' },
      'format+profession': { format: 'internet-enduring', profession: 'pharmacist' },
      'availableOn+topic': { availableOn: '2026-12-01', topic: 'opioid-prescribing' },
      'q+topic+availableOn': { q: 'tapering', topic: 'pain-management', availableOn: '2027-03-01' },
      'topic page 2': { topic: 'pain-management', cursor: firstTopicPage.body.nextCursor ?? '' },
    };

    // Warm-up, not counted: the first calls of each route compile its code paths (JIT).
    for (const search of Object.values(kinds)) for (let i = 0; i < 3; i++) await api(search);

    const all = { api: [] as number[], raw: [] as number[] };
    const perKind: Record<string, { api: { p50: number; p99: number }; raw: { p50: number; p99: number } }> =
      {};
    for (const [kind, search] of Object.entries(kinds)) {
      const samples = {
        api: await sample(async () => (await api(search)).ms),
        raw: await sample(() => raw(search)),
      };
      all.api.push(...samples.api);
      all.raw.push(...samples.raw);
      perKind[kind] = { api: summary(samples.api), raw: summary(samples.raw) };
      log(
        `${kind.padEnd(22)} api ${samples.api.length} samples p50 ${perKind[kind].api.p50} ms p99 ${perKind[kind].api.p99} ms | ` +
          `raw driver ${samples.raw.length} samples p50 ${perKind[kind].raw.p50} ms p99 ${perKind[kind].raw.p99} ms`,
      );
    }
    const apiAll = summary(all.api);
    const rawAll = summary(all.raw);
    // Three significant digits: the ratio may be far below 1 (index in memory, scan in the database).
    const ratio = {
      p50: +(apiAll.p50 / rawAll.p50).toPrecision(3),
      p99: +(apiAll.p99 / rawAll.p99).toPrecision(3),
    };
    log(
      `all kinds: api p50 ${apiAll.p50} ms p99 ${apiAll.p99} ms | raw p50 ${rawAll.p50} ms p99 ${rawAll.p99} ms`,
    );
    log(
      `ratio api/raw: p50 ${ratio.p50}x, p99 ${ratio.p99}x; goal api p99 < 30 ms: ${apiAll.p99 < 30 ? 'met' : 'NOT met'}`,
    );
    const server = (await connection.db!.admin().command({ buildInfo: 1 })) as { version?: string };
    log(
      JSON.stringify({
        benchmark: 'catalog-search',
        courses: COURSES,
        samples: { api: all.api.length, raw: all.raw.length },
        indexLoadMs,
        indexHeapMb,
        database: `MongoDB API ${server.version}`,
        apiMs: apiAll,
        rawDriverMs: rawAll,
        ratio,
        goalP99Ms: 30,
        met: { 'api p99 < 30 ms': apiAll.p99 < 30 },
        kinds: perKind,
      }),
    );
  } finally {
    // The seeded courses are dropped unless BENCH_KEEP_DB=1: mongo-java-server rebuilds every index of every
    // database when it starts, and 50,000 courses make each later `infra:up` take about a minute longer.
    if (KEEP_DATABASE) await service.app.close();
    else await service.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`benchmark failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
