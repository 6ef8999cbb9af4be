/**
 * Benchmark: 10,000 synthetic practitioners × 200 credits each, evaluated against every bundled rule pack.
 * Run: npm run bench:requirements (compiles with tsc, then runs on plain node). Prints progress, then the
 * time per practitioner (totalMs: the sum of the timed evaluations, input generation excluded); the last line is
 * one JSON object whose `met` says, per goal, whether it was met. Goal: under 1 ms per practitioner at p99.
 */
import { loadavg } from 'node:os';

import { dayFromParts, formatDay } from '../src/calendar';
import {
  APPROVAL_CODES,
  evaluateCompliance,
  loadRulePacks,
  TOPIC_CODES,
  type CreditEntry,
  type PractitionerProfile,
} from '../src/index';

const PRACTITIONERS = Number(process.env.BENCH_PRACTITIONERS ?? 10_000);
const CREDITS_EACH = Number(process.env.BENCH_CREDITS ?? 200);
const WARM_UP = 500;
const AS_OF = '2026-11-22';
const SEED = 20261122;

/** mulberry32: a small seeded PRNG, so every run evaluates the same data. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (p: number): boolean => random() < p;
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const dayBetween = (fromYear: number, toYear: number): string =>
  formatDay(int(dayFromParts(fromYear, 1, 1), dayFromParts(toYear, 12, 31)));

const STATES = ['CA', 'FL', 'TX', 'NY', 'MI', 'NC'];
const GOAL_MS = 1;
// Course topics: the shared vocabulary plus clinical topics no rule names.
const TOPICS = [...TOPIC_CODES, 'regional-anesthesia', 'neuromodulation'];

function syntheticProfile(): PractitionerProfile {
  const roll = random();
  const profession =
    roll < 0.7
      ? 'physician'
      : roll < 0.8
        ? 'osteopathic-physician'
        : roll < 0.9
          ? 'fellow'
          : 'nurse-practitioner';
  const states = [...STATES].sort(() => random() - 0.5).slice(0, int(1, 3));
  const boards: PractitionerProfile['boards'] = [];
  if (profession === 'nurse-practitioner') {
    const start = int(2021, 2026);
    boards.push(
      chance(0.5)
        ? { board: pick(['AANPCB', 'ANCC', 'AACN']), specialty: 'fnp', certifiedSince: `${start}-03-01` }
        : { board: 'AANPCB', specialty: 'fnp', cycleStart: `${start}-03-01`, cycleEnd: `${start + 5}-02-28` },
    );
  } else {
    const board = pick(['ABA', 'ABA', 'ABPMR', 'ABPN']);
    const start = board === 'ABA' ? pick([2016, 2021, 2026]) : int(2018, 2026);
    const years = board === 'ABA' && start === 2016 ? 10 : board === 'ABPN' ? 10 : 5;
    const participation = { mocParticipation: chance(0.5), certifiedSince: dayBetween(2000, 2024) };
    boards.push(
      chance(0.85)
        ? {
            board,
            specialty: 'pain-medicine',
            cycleStart: `${start}-01-01`,
            cycleEnd: `${start + years - 1}-12-31`,
            ...participation,
          }
        : { board, specialty: 'pain-medicine', ...participation },
    );
  }
  return {
    profession,
    specialty: pick(['anesthesiology', 'pain-medicine', 'physical-medicine-rehabilitation', 'neurology']),
    birthMonth: int(1, 12),
    licenses: states.map((state) => ({
      state,
      number: `${state}-${int(10000, 99999)}`,
      expiresOn: dayBetween(2026, 2028),
      ...(chance(0.5) ? { issuedOn: dayBetween(2000, 2024) } : {}),
      ...(chance(0.1) ? { firstRenewal: true } : {}),
    })),
    boards,
    dea: chance(0.85)
      ? {
          number: 'AB1234563',
          expiresOn: dayBetween(2026, 2029),
          ...(chance(0.5) ? { registeredOn: dayBetween(2010, 2026) } : {}),
        }
      : null,
    flags: { directPatientCare: chance(0.9), painClinic: chance(0.2) },
  };
}

function syntheticCredits(profession: PractitionerProfile['profession']): CreditEntry[] {
  const credits: CreditEntry[] = [];
  const types =
    profession === 'nurse-practitioner'
      ? ['ANCC_CH', 'ANCC_CH', 'ACPE_CPE', 'AMA_PRA_1']
      : ['AMA_PRA_1', 'AMA_PRA_1', 'AMA_PRA_1', 'AMA_PRA_2', 'ABA_PATIENT_SAFETY', 'AOA_1A'];
  for (let i = 0; i < CREDITS_EACH; i++) {
    const topics: string[] = [];
    for (let t = int(0, 2); t > 0; t--) topics.push(pick(TOPICS));
    const amount = int(1, 40) / 4;
    credits.push({
      id: `cr-${i}`,
      completedOn: dayBetween(2017, 2026),
      creditType: pick(types),
      amount,
      topics,
      // Certificates that break down their hours by topic, approved courses, ledger-flagged duplicates.
      ...(topics.length > 0 && chance(0.2) ? { topicHours: { [topics[0]]: Math.min(amount, 0.5) } } : {}),
      ...(chance(0.05) ? { approvals: [pick(APPROVAL_CODES)] } : {}),
      ...(i > 0 && chance(0.02) ? { possibleDuplicateOf: `cr-${int(0, i - 1)}` } : {}),
      ...(chance(0.3) ? { activityId: `act-${int(1, 40)}` } : {}),
      ...(chance(0.02) ? { voided: true } : {}),
    });
  }
  return credits;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const round = (ms: number): number => Math.round(ms * 10000) / 10000;
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function main(): void {
  const packs = loadRulePacks();
  print(`${PRACTITIONERS} practitioners x ${CREDITS_EACH} credits (seed ${SEED}), as of ${AS_OF}`);
  // Inputs are generated one practitioner at a time (untimed), as a service loads them, so the heap stays small.
  const next = () => {
    const profile = syntheticProfile();
    return { profile, credits: syntheticCredits(profile.profession) };
  };
  for (let i = 0; i < WARM_UP; i++) {
    const input = next();
    evaluateCompliance(input.profile, input.credits, packs, AS_OF);
  }

  const times = new Float64Array(PRACTITIONERS);
  // CPU time of each evaluation as well: on a shared machine the wall time also counts other tenants' turns.
  const cpuTimes = new Float64Array(PRACTITIONERS);
  const loadBefore = loadavg()[0];
  let requirements = 0;
  let allocations = 0;
  let notCovered = 0;
  let evaluatingNs = 0n;
  for (let i = 0; i < PRACTITIONERS; i++) {
    const input = next();
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const result = evaluateCompliance(input.profile, input.credits, packs, AS_OF);
    const elapsed = process.hrtime.bigint() - t0;
    const cpu = process.cpuUsage(cpu0);
    cpuTimes[i] = (cpu.user + cpu.system) / 1000;
    evaluatingNs += elapsed;
    times[i] = Number(elapsed) / 1e6;
    requirements += result.requirements.length;
    notCovered += result.notCovered.length;
    for (const requirement of result.requirements) allocations += requirement.allocations.length;
    if ((i + 1) % 1000 === 0) print(`evaluated ${i + 1}/${PRACTITIONERS}`);
  }
  const totalMs = Number(evaluatingNs) / 1e6;

  const sorted = Float64Array.from(times).sort();
  const cpuSorted = Float64Array.from(cpuTimes).sort();
  const meanMs = times.reduce((a, b) => a + b, 0) / times.length;
  const summary = {
    bench: 'requirements',
    practitioners: PRACTITIONERS,
    creditsEach: CREDITS_EACH,
    packs: packs.packs.length,
    requirementsPerPractitioner: round(requirements / PRACTITIONERS),
    allocationsPerPractitioner: round(allocations / PRACTITIONERS),
    notCoveredPerPractitioner: round(notCovered / PRACTITIONERS),
    p50Ms: round(percentile(sorted, 0.5)),
    p99Ms: round(percentile(sorted, 0.99)),
    meanMs: round(meanMs),
    maxMs: round(sorted[sorted.length - 1]),
    cpuP50Ms: round(percentile(cpuSorted, 0.5)),
    cpuP99Ms: round(percentile(cpuSorted, 0.99)),
    loadAverage: [round(loadBefore), round(loadavg()[0])],
    totalMs: round(totalMs),
    goalMs: GOAL_MS,
    node: process.version,
    met: {
      // The wording ("under 1 ms per practitioner") read two ways: on average over the whole
      // population, and for all but the slowest 1% (which a loaded machine's scheduling dominates).
      'mean under 1 ms per practitioner': meanMs < GOAL_MS,
      'p99 under 1 ms per practitioner': percentile(sorted, 0.99) < GOAL_MS,
    },
  };
  print(
    `per practitioner: p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms, mean ${summary.meanMs} ms; total ${summary.totalMs} ms; ` +
      `CPU p50 ${summary.cpuP50Ms} ms, p99 ${summary.cpuP99Ms} ms; load average ${summary.loadAverage.join(' -> ')}`,
  );
  print(JSON.stringify(summary));
}

main();
