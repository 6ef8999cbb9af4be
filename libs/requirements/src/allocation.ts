import { parseDay, partsFromDay, type DayNumber } from './calendar';
import {
  MEASURE_COUNT,
  TOPIC_BITS,
  TYPE_BITS,
  TYPE_MEASURE,
  maskOf,
  toHundredths,
  type CompiledCap,
  type CompiledRule,
} from './compiled-rules';
import type { CreditEntry } from './inputs.schema';

/** One credit entry that survived dedupe: its type as a bit, amount in hundredths. */
export interface CreditPortion {
  id: string;
  type: string;
  typeBit: number;
  measure: number;
  amount: number;
}

/**
 * One activity on one day: the entries sharing an activityId and completion date (or a single entry without an
 * activityId). Per credit type only the largest entry is kept; topics are the union of the entries' topics.
 */
export interface ActivityUnit {
  day: DayNumber;
  year: number;
  topicMask: number;
  typeMask: number;
  portions: CreditPortion[];
  firstId: string;
}

/**
 * Prepares a practitioner's credits once for all requirements: drops voided entries (and entries with an
 * invalid date or amount), groups one activity's entries per day, sorts by date then id.
 */
export function prepareCredits(credits: readonly CreditEntry[]): ActivityUnit[] {
  const units: ActivityUnit[] = [];
  const byActivity = new Map<string, ActivityUnit>();
  for (const credit of credits) {
    if (credit.voided) continue;
    const day = parseDay(credit.completedOn);
    const amount = toHundredths(credit.amount);
    if (Number.isNaN(day) || !(amount > 0)) continue;
    const topicMask = maskOf(TOPIC_BITS, credit.topics);
    const portion: CreditPortion = {
      id: credit.id,
      type: credit.creditType,
      typeBit: TYPE_BITS.get(credit.creditType) ?? 0,
      measure: TYPE_MEASURE.get(credit.creditType) ?? -1,
      amount,
    };
    if (credit.activityId !== undefined) {
      const key = `${credit.activityId}\n${credit.completedOn}`;
      const unit = byActivity.get(key);
      if (unit) {
        mergePortion(unit, portion, topicMask);
        continue;
      }
      const created = newUnit(day, topicMask, portion);
      byActivity.set(key, created);
      units.push(created);
    } else {
      units.push(newUnit(day, topicMask, portion));
    }
  }
  units.sort((a, b) => a.day - b.day || compareIds(a.firstId, b.firstId));
  return units;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function newUnit(day: DayNumber, topicMask: number, portion: CreditPortion): ActivityUnit {
  return {
    day,
    year: partsFromDay(day).year,
    topicMask,
    typeMask: portion.typeBit,
    portions: [portion],
    firstId: portion.id,
  };
}

function mergePortion(unit: ActivityUnit, portion: CreditPortion, topicMask: number): void {
  unit.topicMask |= topicMask;
  unit.typeMask |= portion.typeBit;
  if (compareIds(portion.id, unit.firstId) < 0) unit.firstId = portion.id;
  const index = unit.portions.findIndex((p) => p.type === portion.type);
  if (index < 0) {
    unit.portions.push(portion);
    unit.portions.sort((a, b) => compareIds(a.id, b.id));
    return;
  }
  const kept = unit.portions[index];
  // The same credit type recorded twice for one activity and day: keep the larger (ties: the smaller id).
  if (
    portion.amount > kept.amount ||
    (portion.amount === kept.amount && compareIds(portion.id, kept.id) < 0)
  ) {
    unit.portions[index] = portion;
  }
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
  /** The entries listed in the allocation (one measure of the unit). */
  portions: readonly CreditPortion[];
  /** Hundredths that can count (before caps). */
  amount: number;
  /** Bit k set: counts toward minimums[k]. */
  minimumMask: number;
  /** Multi-entry units only: how much counts toward each minimum (before caps); null: all of `amount`. */
  minimumAmounts: number[] | null;
  /** Hundredths that count after caps. */
  counted: number;
}

/** Amounts in hundredths. */
export interface AllocationOutcome {
  /** Candidates in date order with what counts of each. */
  candidates: readonly Candidate[];
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

function candidateTypeMask(candidate: Candidate): number {
  let mask = 0;
  for (const portion of candidate.portions) mask |= portion.typeBit;
  return mask;
}

function capApplies(cap: CompiledCap, candidate: Candidate): boolean {
  return (
    (cap.typeMask === 0 || (cap.typeMask & candidateTypeMask(candidate)) !== 0) &&
    (cap.topicMask === 0 || (cap.topicMask & candidate.unit.topicMask) !== 0)
  );
}

function qualifies(rule: CompiledRule, k: number, portion: CreditPortion, unit: ActivityUnit): boolean {
  const m = rule.minimums[k];
  return (
    (m.typeMask === 0 || (m.typeMask & portion.typeBit) !== 0) &&
    (m.topicMask === 0 || (m.topicMask & unit.topicMask) !== 0)
  );
}

/** Whether the unit's accepted entries are in more than one measure (the same time claimed twice). */
function spansMeasures(unit: ActivityUnit, acceptMask: number): boolean {
  let measure = -2;
  for (const portion of unit.portions) {
    if ((portion.typeBit & acceptMask) === 0) continue;
    if (measure !== -2 && portion.measure !== measure) return true;
    measure = portion.measure;
  }
  return false;
}

/**
 * One activity on one day recorded in several types. Types of one measure are separate portions and add up;
 * different measures are the same time, so the unit counts in one measure: for the amount, the largest; for each
 * minimum, its best measure (so adding an entry never lowers what any component earns).
 */
function combineUnit(rule: CompiledRule, unit: ActivityUnit): Candidate | null {
  const { minimums, acceptMask } = rule;
  const amounts = new Array<number>(MEASURE_COUNT).fill(0);
  const minimumByMeasure = minimums.map(() => new Array<number>(MEASURE_COUNT).fill(0));
  for (const portion of unit.portions) {
    if ((portion.typeBit & acceptMask) === 0 || portion.measure < 0) continue;
    let serves = false;
    for (let k = 0; k < minimums.length; k++) {
      if (qualifies(rule, k, portion, unit)) {
        minimumByMeasure[k][portion.measure] += portion.amount;
        serves = true;
      }
    }
    // Without a total, only credit serving a minimum counts.
    if (rule.total !== null || serves) amounts[portion.measure] += portion.amount;
  }
  let best = 0;
  for (let m = 1; m < MEASURE_COUNT; m++) if (amounts[m] > amounts[best]) best = m;
  if (amounts[best] === 0) return null;
  let minimumMask = 0;
  const minimumAmounts = minimumByMeasure.map((row, k) => {
    const most = Math.max(...row);
    if (most > 0) minimumMask |= 1 << k;
    return most;
  });
  const portions = unit.portions.filter(
    (p) =>
      p.measure === best &&
      (p.typeBit & acceptMask) !== 0 &&
      (rule.total !== null || minimums.some((_, k) => qualifies(rule, k, p, unit))),
  );
  return { unit, portions, amount: amounts[best], minimumMask, minimumAmounts, counted: amounts[best] };
}

/**
 * Allocates the units dated in [from, to] to one rule version:
 * 1. only accepted credit types count; one activity's entries on one day in one measure count as separate
 *    portions, in several measures once (see combineUnit);
 * 2. without a total component, only credit serving a category/topic minimum counts;
 * 3. caps: credit serving a minimum gets cap room first, then date order (earliest first), so that credit cut by
 *    a cap is general credit whenever possible; nothing counts beyond its own amount.
 */
export function allocate(
  rule: CompiledRule,
  units: readonly ActivityUnit[],
  from: DayNumber,
  to: DayNumber,
): AllocationOutcome {
  const { acceptMask, minimums, caps } = rule;
  const candidates: Candidate[] = [];
  for (let i = Number.isFinite(from) ? firstUnitOnOrAfter(units, from) : 0; i < units.length; i++) {
    const unit = units[i];
    if (unit.day > to) break;
    if ((unit.typeMask & acceptMask) === 0) continue;
    if (unit.portions.length > 1 && spansMeasures(unit, acceptMask)) {
      const combined = combineUnit(rule, unit);
      if (combined) candidates.push(combined);
      continue;
    }
    // One entry, or several portions of one measure (e.g. patient-safety and general CME): each counts.
    for (const portion of unit.portions) {
      if ((portion.typeBit & acceptMask) === 0) continue;
      let minimumMask = 0;
      for (let k = 0; k < minimums.length; k++) if (qualifies(rule, k, portion, unit)) minimumMask |= 1 << k;
      if (rule.total === null && minimumMask === 0) continue;
      candidates.push({
        unit,
        portions: unit.portions.length === 1 ? unit.portions : [portion],
        amount: portion.amount,
        minimumMask,
        minimumAmounts: null,
        counted: portion.amount,
      });
    }
  }

  const capUsage = caps.map(() => new Map<number, number>());
  const capExcluded = caps.map(() => 0);
  if (caps.length > 0) {
    const order =
      minimums.length > 0
        ? [...candidates.filter((c) => c.minimumMask !== 0), ...candidates.filter((c) => c.minimumMask === 0)]
        : candidates;
    for (const candidate of order) {
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
