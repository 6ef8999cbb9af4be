import { firstDayOfYear, yearOfDay, type DayNumber } from './calendar';
import { capMaximum, type AllocationOutcome } from './allocation';
import type { CompiledRule } from './compiled-rules';
import type { ResolvedCycle } from './cycles';
import type { RequirementStatus } from './vocabulary';

/** Not met and the deadline is this many days away or fewer (counting asOf and the deadline day): at-risk. */
export const AT_RISK_DEADLINE_DAYS = 90;

/**
 * Not met and the pace still needed is more than this many times the rule's own pace: at-risk.
 * Needed pace = remaining / days left (asOf to deadline, inclusive); the rule's pace = required / cycle days.
 * With 2, a practitioner who has earned nothing half-way through a cycle is at the limit.
 */
export const AT_RISK_PACE_FACTOR = 2;

/** A projection further away than this is reported as null. */
const PROJECTION_HORIZON_DAYS = 36500;

export interface Assessment {
  status: RequirementStatus;
  /** Hundredths. */
  remaining: number;
  earliestCompletion: DayNumber | null;
  projectedCompletion: DayNumber | null;
}

/** Whether every total, category and topic component has earned its amount (caps are never unmet). */
export function isMet(rule: CompiledRule, outcome: AllocationOutcome): boolean {
  if (rule.total !== null && outcome.earned < rule.total.required) return false;
  return rule.minimums.every((m, k) => outcome.minimumEarned[k] >= m.required);
}

/**
 * Status, in this order of precedence:
 * - met: every total, category and topic component has earned >= required (caps are never "unmet");
 * - overdue: not met and asOf is after the deadline;
 * - unattainable: not met and the caps leave too little room between asOf (or the cycle start, if later) and the
 *   deadline: the total shortfall must fit in the cap room left, and the minimum shortfalls in that room plus the
 *   general credit counted this year that credit serving a minimum would displace;
 * - at-risk: not met, attainable, and the deadline is within AT_RISK_DEADLINE_DAYS, or the pace still needed is
 *   above AT_RISK_PACE_FACTOR times the rule's pace (cycles with a start only);
 * - on-track: otherwise.
 */
export function assess(
  rule: CompiledRule,
  cycle: ResolvedCycle,
  outcome: AllocationOutcome,
  asOf: DayNumber,
): Assessment {
  const totalShortfall = rule.total ? Math.max(0, rule.total.required - outcome.earned) : 0;
  let minimumShortfall = 0;
  rule.minimums.forEach((m, k) => {
    minimumShortfall += Math.max(0, m.required - outcome.minimumEarned[k]);
  });
  const remaining = Math.max(totalShortfall, minimumShortfall);
  if (remaining === 0) {
    return { status: 'met', remaining, earliestCompletion: asOf, projectedCompletion: asOf };
  }
  const deadline = cycle.end;
  if (asOf > deadline) {
    // A closed window cannot be met any more; a one-time requirement can still be completed late.
    const late = Number.isFinite(cycle.windowEnd) ? null : asOf;
    return { status: 'overdue', remaining, earliestCompletion: late, projectedCompletion: late };
  }
  const from = cycle.start !== null && cycle.start > asOf ? cycle.start : asOf;
  const earliest = earliestCompletion(rule, outcome, from, deadline, totalShortfall, minimumShortfall);
  if (earliest === null) {
    return { status: 'unattainable', remaining, earliestCompletion: null, projectedCompletion: null };
  }
  const daysLeft = deadline - asOf + 1;
  let status: RequirementStatus = 'on-track';
  if (daysLeft <= AT_RISK_DEADLINE_DAYS) {
    status = 'at-risk';
  } else if (cycle.start !== null && rule.required > 0) {
    const cycleDays = deadline - cycle.start + 1;
    if (remaining * cycleDays > AT_RISK_PACE_FACTOR * rule.required * daysLeft) status = 'at-risk';
  }
  return {
    status,
    remaining,
    earliestCompletion: earliest,
    projectedCompletion: projection(cycle, outcome, asOf, remaining, earliest),
  };
}

/** The first day on or after `from` by which the caps leave room for the shortfalls, or null if none by the deadline. */
function earliestCompletion(
  rule: CompiledRule,
  outcome: AllocationOutcome,
  from: DayNumber,
  deadline: DayNumber,
  totalShortfall: number,
  minimumShortfall: number,
): DayNumber | null {
  // Only caps on every accepted credit bound what can still be earned; a narrower cap leaves other credit free.
  const yearly: number[] = [];
  const perCycle: number[] = [];
  rule.caps.forEach((cap, c) => {
    const coversEveryType = cap.typeMask === 0 || (rule.acceptMask & ~cap.typeMask) === 0;
    if (!coversEveryType || cap.topicMask !== 0) return;
    (cap.per === 'calendar-year' ? yearly : perCycle).push(c);
  });
  if (yearly.length === 0 && perCycle.length === 0) return from;

  let cycleRoom = Number.POSITIVE_INFINITY;
  for (const c of perCycle) {
    cycleRoom = Math.min(cycleRoom, Math.max(0, rule.caps[c].max - (outcome.capUsage[c].get(0) ?? 0)));
  }
  const yearRoom = (year: number): number => {
    let room = Number.POSITIVE_INFINITY;
    for (const c of yearly) {
      room = Math.min(
        room,
        Math.max(0, capMaximum(rule.caps[c], year) - (outcome.capUsage[c].get(year) ?? 0)),
      );
    }
    return room;
  };
  const firstYear = yearOfDay(from);
  // General credit counted in the current year gives way to credit that serves a minimum (allocation order).
  let displaceable = 0;
  if (minimumShortfall > 0) {
    for (const candidate of outcome.candidates) {
      if (candidate.minimumMask === 0 && candidate.unit.year === firstYear) displaceable += candidate.counted;
    }
  }
  const fits = (room: number) => {
    const usable = Math.min(room, cycleRoom);
    return totalShortfall <= usable && minimumShortfall <= usable + displaceable;
  };
  let room = yearRoom(firstYear);
  if (fits(room)) return from;
  const lastYear = yearOfDay(deadline);
  for (let year = firstYear + 1; year <= lastYear; year++) {
    room += yearRoom(year);
    if (fits(room)) return firstDayOfYear(year);
  }
  return null;
}

/** When the remainder would be reached at the pace earned so far in this cycle. */
function projection(
  cycle: ResolvedCycle,
  outcome: AllocationOutcome,
  asOf: DayNumber,
  remaining: number,
  earliest: DayNumber,
): DayNumber | null {
  if (cycle.start === null || asOf < cycle.start || outcome.earned <= 0) return null;
  const elapsed = Math.min(asOf, cycle.end) - cycle.start + 1;
  const days = Math.ceil((remaining * elapsed) / outcome.earned);
  if (days > PROJECTION_HORIZON_DAYS) return null;
  return Math.max(asOf + days, earliest);
}
