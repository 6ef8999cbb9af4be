import { firstDayOfYear, parseDay, yearOfDay, type DayNumber } from './calendar';
import {
  APPROVAL_BITS,
  MEASURE_COUNT,
  TOPIC_BITS,
  TYPE_BITS,
  maskOf,
  measureOfTypeBit,
  toHundredths,
  type CompiledCap,
  type CompiledMinimum,
  type CompiledRule,
} from './compiled-rules';
import type { CreditEntry } from './inputs.schema';

/** One credit entry that counts (not voided, not a flagged duplicate): codes as bits, amounts in hundredths. */
export interface CreditPortion {
  id: string;
  typeBit: number;
  measure: number;
  amount: number;
  /** Topics listed in `topics` without topicHours: a minimum on them counts the whole amount. */
  wholeTopicMask: number;
  /** Topics with topicHours, as [topic bit, hundredths]: a minimum on them counts only these hours. */
  topicHours: readonly (readonly [number, number])[];
  /** Every topic of the entry (whole or with hours), for caps limited to topics. */
  topicMask: number;
  approvalMask: number;
}

/**
 * One activity on one day: the entries sharing an activityId and completion date (or a single entry without an
 * activityId). Each entry keeps its own topics, hours and approvals. Entries are ordered by credit type, then
 * largest amount, then id, so that the entries of one type (the same time recorded twice) sit together with the
 * one listed for the amount first, whatever the order of the input.
 */
export interface ActivityUnit {
  day: DayNumber;
  year: number;
  typeMask: number;
  /** Every topic of its entries, so that a rule counting only some topics can pass over the unit unread. */
  topicMask: number;
  entries: CreditPortion[];
  firstId: string;
}

const NO_TOPIC_HOURS: readonly (readonly [number, number])[] = [];

/**
 * prepareCredits' sort keys, kept from one evaluation to the next (evaluation is synchronous, so one buffer serves
 * all; it grows to the largest ledger seen, 8 bytes an entry): a new typed array per evaluation is an off-heap
 * buffer that every young-generation GC must sweep, which took up to 0.3 ms of such a pause.
 */
let sortKeys = new Float64Array(1024);

/**
 * Prepares a practitioner's credits once for all requirements: drops voided entries and flagged duplicates whose
 * original counts, groups one activity's entries per day, sorts by date then id. A completion date that
 * is not a calendar date (a timestamp, say) is refused: it would otherwise count nowhere without a word.
 */
export function prepareCredits(credits: readonly CreditEntry[]): ActivityUnit[] {
  const flagTargets = liveFlagTargets(credits);
  const length = credits.length;
  // One number per counted entry, day × length + input position: sorting plain numbers is about three times
  // faster than sorting objects with a comparator, and orders by day, then input order. Exact in a double while
  // below 2^53 (|day| < 2^22 for years 0000-9999: any ledger under two billion entries).
  if (sortKeys.length < length) sortKeys = new Float64Array(Math.max(length, 2 * sortKeys.length));
  const keys = sortKeys;
  let count = 0;
  for (let position = 0; position < length; position++) {
    const credit = credits[position];
    if (credit.voided) continue;
    const day = parseDay(credit.completedOn);
    if (Number.isNaN(day)) {
      throw new RangeError(
        `credit ${credit.id}: completedOn must be a calendar date YYYY-MM-DD, got ${credit.completedOn}`,
      );
    }
    if (!(toHundredths(credit.amount) > 0)) continue;
    if (flagTargets !== null && !countsDespiteDuplicateFlag(credit, flagTargets)) continue;
    keys[count++] = day * length + position;
  }
  const sorted = keys.subarray(0, count).sort();
  // Units and their entries are created in date order, the order every requirement's allocation reads them in.
  const units: ActivityUnit[] = [];
  // Only entries sharing a day can share a unit, so most entries (alone on their day) skip the activity lookup.
  let latestOfActivity: Map<string, ActivityUnit> | null = null;
  // Days come in order, so the year changes seldom: kept up to date rather than read off every date again.
  let year = 0;
  let nextYearStart = Number.NEGATIVE_INFINITY;
  for (let from = 0, to = 1; from < count; from = to, to = from + 1) {
    const day = Math.floor(sorted[from] / length);
    const nextDayKey = (day + 1) * length;
    while (to < count && sorted[to] < nextDayKey) to++;
    if (day >= nextYearStart) {
      year = yearOfDay(day);
      nextYearStart = firstDayOfYear(year + 1);
    }
    if (to === from + 1) {
      units.push(newUnit(day, year, credits[sorted[from] - day * length]));
      continue;
    }
    latestOfActivity ??= new Map();
    const unitsOfDay: ActivityUnit[] = [];
    for (let k = from; k < to; k++) {
      const credit = credits[sorted[k] - day * length];
      const { activityId } = credit;
      const unit = activityId === undefined ? undefined : latestOfActivity.get(activityId);
      // Days are visited in order, so an activity's unit of this day, if any, is its latest one.
      if (unit !== undefined && unit.day === day) {
        addToUnit(unit, toPortion(credit));
        continue;
      }
      const created = newUnit(day, year, credit);
      if (activityId !== undefined) latestOfActivity.set(activityId, created);
      unitsOfDay.push(created);
    }
    unitsOfDay.sort((a, b) => compareIds(a.firstId, b.firstId));
    for (const unit of unitsOfDay) units.push(unit);
  }
  return units;
}

/**
 * A possible duplicate (`possibleDuplicateOf`) counts nowhere while the entry it names is present and not voided,
 * so the pair counts once. Should flags form a loop (two entries naming each other), the smallest id in the loop
 * counts, so that the loop still counts once.
 */
function countsDespiteDuplicateFlag(credit: CreditEntry, live: ReadonlyMap<string, CreditEntry>): boolean {
  if (credit.possibleDuplicateOf === undefined || !live.has(credit.possibleDuplicateOf)) return true;
  const loop = [credit.id];
  let next = live.get(credit.possibleDuplicateOf);
  while (next && next.possibleDuplicateOf !== undefined && live.has(next.possibleDuplicateOf)) {
    if (next.id === credit.id) return loop.every((id) => compareIds(credit.id, id) <= 0);
    if (loop.includes(next.id)) return false;
    loop.push(next.id);
    next = live.get(next.possibleDuplicateOf);
  }
  return false;
}

/**
 * The entries that some entry names as its possible original and that are present and not voided, by id; null
 * when no entry is flagged. Only these ids are ever looked up, so the whole ledger need not be indexed.
 */
function liveFlagTargets(credits: readonly CreditEntry[]): Map<string, CreditEntry> | null {
  let targets: Set<string> | null = null;
  for (const credit of credits) {
    if (credit.possibleDuplicateOf !== undefined) (targets ??= new Set()).add(credit.possibleDuplicateOf);
  }
  if (targets === null) return null;
  const live = new Map<string, CreditEntry>();
  for (const credit of credits) if (!credit.voided && targets.has(credit.id)) live.set(credit.id, credit);
  return live;
}

function toPortion(credit: CreditEntry): CreditPortion {
  const amount = toHundredths(credit.amount);
  let topicHours = NO_TOPIC_HOURS;
  let limitedMask = 0;
  if (credit.topicHours) {
    const pairs: (readonly [number, number])[] = [];
    for (const [topic, hours] of Object.entries(credit.topicHours)) {
      const bit = TOPIC_BITS.get(topic) ?? 0;
      if (bit === 0) continue;
      pairs.push([bit, Math.min(toHundredths(hours), amount)]);
      limitedMask |= bit;
    }
    if (pairs.length > 0) topicHours = pairs;
  }
  const listedMask = maskOf(TOPIC_BITS, credit.topics);
  const typeBit = TYPE_BITS.get(credit.creditType) ?? 0;
  return {
    id: credit.id,
    typeBit,
    measure: measureOfTypeBit(typeBit),
    amount,
    wholeTopicMask: listedMask & ~limitedMask,
    topicHours,
    topicMask: listedMask | limitedMask,
    approvalMask: maskOf(APPROVAL_BITS, credit.approvals),
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function newUnit(day: DayNumber, year: number, credit: CreditEntry): ActivityUnit {
  const portion = toPortion(credit);
  return {
    day,
    year,
    typeMask: portion.typeBit,
    topicMask: portion.topicMask,
    entries: [portion],
    firstId: portion.id,
  };
}

/** By type, then larger amount, then id (see ActivityUnit). */
function compareEntries(a: CreditPortion, b: CreditPortion): number {
  return a.typeBit - b.typeBit || b.amount - a.amount || compareIds(a.id, b.id);
}

function addToUnit(unit: ActivityUnit, portion: CreditPortion): void {
  unit.typeMask |= portion.typeBit;
  unit.topicMask |= portion.topicMask;
  if (compareIds(portion.id, unit.firstId) < 0) unit.firstId = portion.id;
  unit.entries.push(portion);
  unit.entries.sort(compareEntries);
}

/** Index of the first unit dated on or after `day`. */
export function firstUnitOnOrAfter(units: readonly ActivityUnit[], day: DayNumber): number {
  let lo = 0;
  let hi = units.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (units[mid].day < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Candidate {
  unit: ActivityUnit;
  /** The entries listed in the allocation. */
  portions: readonly CreditPortion[];
  /** Hundredths that can count (before caps). */
  amount: number;
  /** Bit k set: counts toward minimums[k]. */
  minimumMask: number;
  /** How much counts toward each minimum (before caps); null: all of `amount` toward each one in the mask. */
  minimumAmounts: number[] | null;
  /** Credit types and topics of the entries behind the candidate, for caps limited to some. */
  typeMask: number;
  topicMask: number;
  /** Hundredths that count after caps. */
  counted: number;
}

/** Amounts in hundredths. */
export interface AllocationOutcome {
  /** Candidates in date order with what counts of each. */
  candidates: readonly Candidate[];
  /** Everything counted toward the total, carried-forward hours included. */
  earned: number;
  /** Per minimum (category/topic component). */
  minimumEarned: number[];
  /** Per cap: usage by calendar year (per-year caps) or under key 0 (per-cycle caps). */
  capUsage: Map<number, number>[];
  /** Per cap: eligible amount the cap kept from counting. */
  capExcluded: number[];
}

export function capMaximum(cap: CompiledCap, year: number): number {
  for (const override of cap.overrides) {
    if (year >= override.fromYear && year <= override.toYear) return override.max;
  }
  return cap.max;
}

function capApplies(cap: CompiledCap, candidate: Candidate): boolean {
  return (
    (cap.typeMask === 0 || (cap.typeMask & candidate.typeMask) !== 0) &&
    (cap.topicMask === 0 || (cap.topicMask & candidate.topicMask) !== 0)
  );
}

/**
 * How much of one entry counts toward a minimum: its whole amount when the minimum names none of its topics'
 * hours (or no topic at all), else the hours it gives for the minimum's topics (hours of different topics are
 * different parts of the activity; together never more than the amount). 0 when its type or approval is wrong.
 */
function contribution(minimum: CompiledMinimum, entry: CreditPortion): number {
  if (minimum.typeMask !== 0 && (minimum.typeMask & entry.typeBit) === 0) return 0;
  if (minimum.approvalBit !== 0 && (minimum.approvalBit & entry.approvalMask) === 0) return 0;
  if (minimum.topicMask === 0 || (minimum.topicMask & entry.wholeTopicMask) !== 0) return entry.amount;
  // An indexed loop: this runs for every entry and topic minimum, and for-of would allocate an iterator.
  const pairs = entry.topicHours;
  let hours = 0;
  for (let i = 0; i < pairs.length; i++) if ((pairs[i][0] & minimum.topicMask) !== 0) hours += pairs[i][1];
  return Math.min(hours, entry.amount);
}

/**
 * contribution() toward each minimum. A module-level function rather than a closure in allocate's loop: a closure
 * over the loop's entry would make V8 allocate a context for every unit, used or not.
 */
function contributions(minimums: readonly CompiledMinimum[], entry: CreditPortion): number[] {
  const parts = new Array<number>(minimums.length);
  for (let k = 0; k < minimums.length; k++) parts[k] = contribution(minimums[k], entry);
  return parts;
}

/** What a unit's entries of one credit type are worth to a rule: the best entry for the amount and each minimum. */
interface TypeValue {
  typeBit: number;
  measure: number;
  amount: number;
  listed: CreditPortion;
  minimums: number[];
  topicMask: number;
}

/**
 * The same time recorded several times in one type counts once: for the amount the largest entry, for each
 * minimum the entry serving it best (so that adding an entry never lowers what a component earns). Without a total,
 * an entry counts only as far as it serves the minimums. `entries[from, to)` are a unit's entries of one type.
 */
function valueOfType(
  rule: CompiledRule,
  entries: readonly CreditPortion[],
  from: number,
  to: number,
): TypeValue | null {
  const { minimums } = rule;
  const best = minimums.map(() => 0);
  let amount = 0;
  let listed = entries[from];
  let topicMask = 0;
  for (let i = from; i < to; i++) {
    const entry = entries[i];
    let served = 0;
    for (let k = 0; k < minimums.length; k++) {
      const part = contribution(minimums[k], entry);
      served += part;
      if (part > best[k]) best[k] = part;
    }
    const countable = rule.total !== null ? entry.amount : Math.min(entry.amount, served);
    if (countable > amount) {
      amount = countable;
      listed = entry;
    }
    topicMask |= entry.topicMask;
  }
  if (amount === 0) return null;
  return { typeBit: listed.typeBit, measure: listed.measure, amount, listed, minimums: best, topicMask };
}

function candidateOf(
  unit: ActivityUnit,
  portions: readonly CreditPortion[],
  amount: number,
  minimums: readonly number[],
  typeMask: number,
  topicMask: number,
): Candidate {
  let minimumMask = 0;
  let partial = false;
  for (let k = 0; k < minimums.length; k++) {
    if (minimums[k] > 0) minimumMask |= 1 << k;
    if (minimums[k] > 0 && minimums[k] < amount) partial = true;
  }
  return {
    unit,
    portions,
    amount,
    minimumMask,
    minimumAmounts: partial ? [...minimums] : null,
    typeMask,
    topicMask,
    counted: amount,
  };
}

/**
 * Adds a unit's candidates. Types of one measure are separate portions of the activity and count separately (an
 * activity with patient-safety and general CME yields two records); several measures are the same time claimed
 * twice, so the unit counts once: for the amount in the measure worth most, for each minimum in its best measure.
 */
function addUnitCandidates(rule: CompiledRule, unit: ActivityUnit, candidates: Candidate[]): void {
  const { acceptMask, minimums } = rule;
  const { entries } = unit;
  const values: TypeValue[] = [];
  let measure = -2;
  let spansMeasures = false;
  for (let from = 0, to = 1; from < entries.length; from = to, to = from + 1) {
    const { typeBit } = entries[from];
    while (to < entries.length && entries[to].typeBit === typeBit) to++;
    if ((typeBit & acceptMask) === 0 || entries[from].measure < 0) continue;
    const value = valueOfType(rule, entries, from, to);
    if (value === null) continue;
    values.push(value);
    if (measure !== -2 && value.measure !== measure) spansMeasures = true;
    measure = value.measure;
  }
  if (!spansMeasures) {
    for (const v of values) {
      candidates.push(candidateOf(unit, [v.listed], v.amount, v.minimums, v.typeBit, v.topicMask));
    }
    return;
  }
  const amounts = new Array<number>(MEASURE_COUNT).fill(0);
  const minimumByMeasure = minimums.map(() => new Array<number>(MEASURE_COUNT).fill(0));
  let topicMask = 0;
  for (const v of values) {
    amounts[v.measure] += v.amount;
    v.minimums.forEach((part, k) => {
      minimumByMeasure[k][v.measure] += part;
    });
    topicMask |= v.topicMask;
  }
  let best = 0;
  for (let m = 1; m < MEASURE_COUNT; m++) if (amounts[m] > amounts[best]) best = m;
  const listed = values.filter((v) => v.measure === best);
  candidates.push(
    candidateOf(
      unit,
      listed.map((v) => v.listed),
      amounts[best],
      minimumByMeasure.map((row) => Math.max(...row)),
      listed.reduce((mask, v) => mask | v.typeBit, 0),
      topicMask,
    ),
  );
}

/** Counts as much of the candidate as every cap on it leaves room for, and books that on the caps. */
function applyCaps(
  caps: readonly CompiledCap[],
  candidate: Candidate,
  capUsage: readonly Map<number, number>[],
  capExcluded: number[],
): void {
  let allowed = candidate.amount;
  for (let c = 0; c < caps.length; c++) {
    const cap = caps[c];
    if (!capApplies(cap, candidate)) continue;
    const key = cap.per === 'calendar-year' ? candidate.unit.year : 0;
    const room = Math.max(0, capMaximum(cap, key) - (capUsage[c].get(key) ?? 0));
    if (room < allowed) {
      capExcluded[c] += allowed - room;
      allowed = room;
    }
  }
  for (let c = 0; c < caps.length; c++) {
    if (!capApplies(caps[c], candidate)) continue;
    const key = caps[c].per === 'calendar-year' ? candidate.unit.year : 0;
    capUsage[c].set(key, (capUsage[c].get(key) ?? 0) + allowed);
  }
  candidate.counted = allowed;
}

/**
 * Allocates the units dated in [from, to] to one rule version:
 * 1. only accepted credit types count; one activity's entries on one day count once per type, separately per
 *    type within a measure, once across measures (see addUnitCandidates);
 * 2. a minimum counts an entry's topic hours for the topics it gives hours for, its whole amount otherwise, and
 *    only entries carrying the approval it requires;
 * 3. without a total component, only credit serving a category/topic minimum counts;
 * 4. caps: credit serving a minimum gets cap room first, then date order (earliest first), so that credit cut by
 *    a cap is general credit whenever possible; nothing counts beyond its own amount.
 */
export function allocate(
  rule: CompiledRule,
  units: readonly ActivityUnit[],
  from: DayNumber,
  to: DayNumber,
): AllocationOutcome {
  const { acceptMask, countedTopicMask, minimums, caps } = rule;
  const candidates: Candidate[] = [];
  const end = firstUnitOnOrAfter(units, to + 1);
  for (let i = Number.isFinite(from) ? firstUnitOnOrAfter(units, from) : 0; i < end; i++) {
    const unit = units[i];
    if ((unit.typeMask & acceptMask) === 0) continue;
    if (countedTopicMask !== 0 && (unit.topicMask & countedTopicMask) === 0) continue;
    if (unit.entries.length > 1) {
      addUnitCandidates(rule, unit, candidates);
      continue;
    }
    const only = unit.entries[0];
    // The common case, one entry: no measures or duplicates to weigh.
    if (only.measure < 0) continue;
    let served = 0;
    let parts: number[] | null = null;
    let minimumMask = 0;
    for (let k = 0; k < minimums.length; k++) {
      const part = contribution(minimums[k], only);
      if (part === 0) continue;
      minimumMask |= 1 << k;
      served += part;
      if (part < only.amount) parts ??= contributions(minimums, only);
    }
    const amount = rule.total !== null ? only.amount : Math.min(only.amount, served);
    if (amount === 0) continue;
    candidates.push({
      unit,
      portions: unit.entries,
      amount,
      minimumMask,
      minimumAmounts: parts,
      typeMask: only.typeBit,
      topicMask: only.topicMask,
      counted: amount,
    });
  }

  const capUsage = caps.map(() => new Map<number, number>());
  const capExcluded = caps.map(() => 0);
  if (caps.length > 0) {
    // Credit serving a minimum gets cap room first, then the rest; each in date order.
    for (const candidate of candidates) {
      if (candidate.minimumMask !== 0) applyCaps(caps, candidate, capUsage, capExcluded);
    }
    for (const candidate of candidates) {
      if (candidate.minimumMask === 0) applyCaps(caps, candidate, capUsage, capExcluded);
    }
  }

  let earned = 0;
  const minimumEarned = minimums.map(() => 0);
  for (const candidate of candidates) {
    earned += candidate.counted;
    if (candidate.minimumMask === 0) continue;
    for (let k = 0; k < minimums.length; k++) {
      if ((candidate.minimumMask & (1 << k)) === 0) continue;
      const amounts = candidate.minimumAmounts;
      minimumEarned[k] += amounts === null ? candidate.counted : Math.min(amounts[k], candidate.counted);
    }
  }
  return { candidates, earned, minimumEarned, capUsage, capExcluded };
}
