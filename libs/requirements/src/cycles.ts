import { addMonths, dayFromParts, formatDay, monthsBetween, partsFromDay, type DayNumber } from './calendar';
import type { CompiledCycle, CompiledDue, CompiledFixedCycle } from './compiled-rules';
import { renewalNumberOf, type PractitionerContext } from './practitioner-context';

/** The cycle a requirement is evaluated in, for one practitioner on one as-of date. */
export interface ResolvedCycle {
  /** Null: a one-time requirement that counts training from any date. */
  start: DayNumber | null;
  /** Also the deadline. */
  end: DayNumber;
  /** Credits dated in [windowStart, min(windowEnd, asOf)] count. */
  windowStart: DayNumber;
  windowEnd: DayNumber;
  notes: string[];
}

/** The profile lacks what the cycle needs; the requirement is reported as skipped with this detail. */
export interface MissingData {
  missing: string;
}

/** null: the cycle's anchor (license, DEA registration) does not exist, so the requirement does not apply. */
export type CycleResolution = ResolvedCycle | MissingData | null;

function window(start: DayNumber, end: DayNumber, notes: string[] = []): ResolvedCycle {
  return { start, end, windowStart: start, windowEnd: end, notes };
}

/** The window, among those ending on `anchorEnd` ± k × lengthMonths, that contains `ref`. */
function fixedWindow(anchorEnd: DayNumber, lengthMonths: number, ref: DayNumber): [DayNumber, DayNumber] {
  let k = Math.ceil(monthsBetween(anchorEnd, ref) / lengthMonths);
  while (addMonths(anchorEnd, k * lengthMonths) < ref) k += 1;
  while (addMonths(anchorEnd, (k - 1) * lengthMonths) >= ref) k -= 1;
  return [addMonths(anchorEnd, (k - 1) * lengthMonths) + 1, addMonths(anchorEnd, k * lengthMonths)];
}

function resolveFixed(cycle: CompiledFixedCycle, asOf: DayNumber, notes: string[] = []): ResolvedCycle {
  const [start, end] = fixedWindow(cycle.anchorEnd, cycle.lengthMonths, asOf);
  return window(start, end, notes);
}

function resolveBoard(
  cycle: Extract<CompiledCycle, { kind: 'board' }>,
  context: PractitionerContext,
  asOf: DayNumber,
): CycleResolution {
  const candidates = context.boards.filter((b) => cycle.boards.has(b.board));
  // Prefer a certification that gives its cycle dates.
  const board =
    candidates.find((b) => b.cycleStart !== null && b.cycleEnd !== null) ??
    candidates.find((b) => b.cycleStart !== null || b.cycleEnd !== null) ??
    null;
  const length = cycle.lengthMonths;
  if (!board && cycle.fromCertifiedSince) {
    const certified = candidates.find((b) => b.certifiedSince !== null);
    if (certified?.certifiedSince != null)
      return periodContaining(certified.certifiedSince, null, length, asOf);
  }
  if (board) {
    const { cycleStart: s, cycleEnd: e } = board;
    if (!cycle.blocks) {
      if (s !== null && e !== null) return window(s, e);
      if (s !== null) return window(s, addMonths(s, length) - 1);
      if (e !== null) return window(addMonths(e, -length) + 1, e);
    } else if (s !== null) {
      return periodContaining(s, e, length, asOf);
    } else if (e !== null) {
      const [start, end] = fixedWindow(e, length, asOf > e ? e : asOf);
      return window(start, end);
    }
  }
  if (cycle.fallback) {
    const resolved = resolveFixed(cycle.fallback, asOf);
    resolved.notes.push(
      `Cycle dates assumed (${formatDay(resolved.start as DayNumber)} to ${formatDay(resolved.end)}): ` +
        `add cycleStart and cycleEnd to the ${cycle.boardList} certification in the profile.`,
    );
    return resolved;
  }
  return {
    missing: `Needs the ${cycle.boardList} certification with its cycleStart and cycleEnd in the profile.`,
  };
}

/**
 * The period, among those of `length` months running from `from` (and ending no later than `until`), that contains
 * `asOf` (the last one once asOf is past `until`, the first one before `from`).
 */
function periodContaining(
  from: DayNumber,
  until: DayNumber | null,
  length: number,
  asOf: DayNumber,
): ResolvedCycle {
  const ref = until !== null && asOf > until ? until : asOf;
  let k = Math.max(0, Math.floor(monthsBetween(from, ref) / length));
  while (addMonths(from, (k + 1) * length) <= ref) k += 1;
  while (k > 0 && addMonths(from, k * length) > ref) k -= 1;
  const periodEnd = addMonths(from, (k + 1) * length) - 1;
  return window(addMonths(from, k * length), until !== null && periodEnd > until ? until : periodEnd);
}

function resolveLicense(
  cycle: Extract<CompiledCycle, { kind: 'license' }>,
  context: PractitionerContext,
  asOf: DayNumber,
): CycleResolution {
  const license = context.licenses.get(cycle.state);
  if (!license) return null;
  const expiry = license.expiresOn;
  const length = cycle.lengthMonths;
  // Windows end on the expiry and every `length` months before it; take the one containing asOf.
  let k = asOf >= expiry ? 0 : Math.max(0, Math.floor(monthsBetween(asOf, expiry) / length));
  while (k > 0 && addMonths(expiry, -k * length) < asOf) k -= 1;
  while (addMonths(expiry, -(k + 1) * length) >= asOf) k += 1;
  return window(addMonths(expiry, -(k + 1) * length) + 1, addMonths(expiry, -k * length));
}

function resolveBirthMonth(
  cycle: Extract<CompiledCycle, { kind: 'birth-month' }>,
  context: PractitionerContext,
  asOf: DayNumber,
): CycleResolution {
  const birthMonth = context.profile.birthMonth;
  if (!birthMonth) return { missing: 'Needs birthMonth in the profile.' };
  const length = cycle.lengthMonths;
  const today = partsFromDay(asOf);
  // The most recent start of a birth month on or before asOf.
  const lastStart = dayFromParts(today.month >= birthMonth ? today.year : today.year - 1, birthMonth, 1);
  if (length === 12) return window(lastStart, addMonths(lastStart, 12) - 1);
  const license = cycle.state ? context.licenses.get(cycle.state) : undefined;
  if (license?.issuedOn != null) {
    // The first window starts at the first birth month after the license was issued.
    const issued = partsFromDay(license.issuedOn);
    const anchor = dayFromParts(issued.month < birthMonth ? issued.year : issued.year + 1, birthMonth, 1);
    let k = Math.max(0, Math.floor(monthsBetween(anchor, asOf) / length));
    while (k > 0 && addMonths(anchor, k * length) > asOf) k -= 1;
    return window(addMonths(anchor, k * length), addMonths(anchor, (k + 1) * length) - 1);
  }
  // Alignment unknown: the window of `length` months that ends when the next birth month begins.
  const nextStart = addMonths(lastStart, 12);
  const fix = cycle.state
    ? `add issuedOn to the ${cycle.state} license for the exact cycle`
    : 'no license aligns it';
  return window(addMonths(nextStart, -length), nextStart - 1, [
    `Cycle alignment unknown: assumed the ${length / 12}-year window ending ${formatDay(nextStart - 1)}; ${fix}.`,
  ]);
}

/**
 * The first issue or renewal on or after `onOrAfter` of a registration or license renewed every `period` months
 * on its expiry: the issue itself when it came on or after that date (never a "renewal" before the issue), else
 * the expiry ± k periods. `issued` null: unknown, taken as before `onOrAfter`.
 */
function firstIssueOrRenewalOnOrAfter(
  issued: DayNumber | null,
  expiresOn: DayNumber,
  period: number,
  onOrAfter: DayNumber,
): DayNumber {
  if (issued !== null && issued >= onOrAfter) return issued;
  let k = 0;
  if (expiresOn >= onOrAfter) {
    while (addMonths(expiresOn, (k - 1) * period) >= onOrAfter) k -= 1;
  } else {
    while (addMonths(expiresOn, k * period) < onOrAfter) k += 1;
  }
  return addMonths(expiresOn, k * period);
}

function resolveDue(
  due: CompiledDue,
  context: PractitionerContext,
  asOf: DayNumber,
): { due: DayNumber; notes: string[] } | null {
  switch (due.kind) {
    case 'date':
      return { due: due.on, notes: [] };
    case 'dea-renewal': {
      if (!context.dea) return null;
      const { expiresOn, registeredOn } = context.dea;
      // Before the registration existed nothing is due under it (DEA: attested at the initial application).
      if (registeredOn !== null && registeredOn > asOf) return null;
      const dueOn = firstIssueOrRenewalOnOrAfter(registeredOn, expiresOn, due.periodMonths, due.onOrAfter);
      const currentPeriodStart = addMonths(expiresOn, -due.periodMonths);
      const notes =
        registeredOn === null && dueOn < currentPeriodStart
          ? [
              `Registration date unknown: assumed due at the renewal of ${formatDay(dueOn)}; add dea.registeredOn ` +
                `if the registration was first issued later (a new registrant is due at its first registration).`,
            ]
          : [];
      return { due: dueOn, notes };
    }
    case 'license-issue-or-renewal': {
      const license = context.licenses.get(due.state);
      if (!license) return null;
      const dueOn = firstIssueOrRenewalOnOrAfter(
        license.issuedOn,
        license.expiresOn,
        due.periodMonths,
        due.onOrAfter,
      );
      const notes =
        license.issuedOn === null
          ? [
              `Issue date unknown: the ${due.state} license is assumed issued before ${formatDay(due.onOrAfter)}; ` +
                `add issuedOn to the license for the exact due date.`,
            ]
          : [];
      return { due: dueOn, notes };
    }
    case 'license-renewal': {
      const license = context.licenses.get(due.state);
      if (!license) return null;
      if (due.issuedBefore && license.issuedOn !== null && license.issuedOn < due.issuedBefore.date) {
        return { due: due.issuedBefore.dueOn, notes: [] };
      }
      const renewal = renewalNumberOf(license, due.periodMonths);
      if (renewal === null) {
        return {
          due: license.expiresOn,
          notes: [
            `Renewal count unknown: assumed due at the ${due.state} license expiry; add issuedOn or renewalNumber ` +
              `to the license for the exact date.`,
          ],
        };
      }
      let dueOn = addMonths(license.expiresOn, (due.renewalNumber - renewal) * due.periodMonths);
      if (due.withinMonthsOfIssue !== null && license.issuedOn !== null) {
        dueOn = Math.min(dueOn, addMonths(license.issuedOn, due.withinMonthsOfIssue));
      }
      return { due: dueOn, notes: [] };
    }
  }
}

/**
 * Windows anchored to the DEA registration: the first from `registeredOn` to `firstWithinMonths` after it, then
 * consecutive windows of `lengthMonths`. Before the registration existed, nothing applies.
 */
function resolveDeaRegistration(
  cycle: Extract<CompiledCycle, { kind: 'dea-registration' }>,
  context: PractitionerContext,
  asOf: DayNumber,
): CycleResolution {
  if (!context.dea) return null;
  const registeredOn = context.dea.registeredOn;
  if (registeredOn === null) {
    return { missing: 'Needs dea.registeredOn (the date of the initial DEA registration) in the profile.' };
  }
  if (asOf < registeredOn) return null;
  const firstEnd = addMonths(registeredOn, cycle.firstWithinMonths);
  if (asOf <= firstEnd) return window(registeredOn, firstEnd);
  const length = cycle.lengthMonths;
  let k = Math.max(1, Math.ceil(monthsBetween(firstEnd, asOf) / length));
  while (k > 1 && addMonths(firstEnd, (k - 1) * length) >= asOf) k -= 1;
  while (addMonths(firstEnd, k * length) < asOf) k += 1;
  return window(addMonths(firstEnd, (k - 1) * length) + 1, addMonths(firstEnd, k * length));
}

/**
 * The cycle before `current` (for carry-forward and cycle-complete awards), for the kinds whose cycles follow one
 * another (the schema allows those features only on them); null for the others.
 */
export function previousCycle(
  cycle: CompiledCycle,
  context: PractitionerContext,
  current: ResolvedCycle,
): ResolvedCycle | null {
  if (current.start === null) return null;
  switch (cycle.kind) {
    case 'fixed':
      return resolveFixed(cycle, current.start - 1);
    case 'license': {
      const resolved = resolveLicense(cycle, context, current.start - 1);
      return resolved !== null && !('missing' in resolved) ? resolved : null;
    }
    case 'board':
      return window(addMonths(current.start, -cycle.lengthMonths), current.start - 1);
    default:
      return null;
  }
}

/** Works out the cycle of a rule version for a practitioner on `asOf`. */
export function resolveCycle(
  cycle: CompiledCycle,
  context: PractitionerContext,
  asOf: DayNumber,
): CycleResolution {
  switch (cycle.kind) {
    case 'fixed':
      return resolveFixed(cycle, asOf);
    case 'board':
      return resolveBoard(cycle, context, asOf);
    case 'license':
      return resolveLicense(cycle, context, asOf);
    case 'birth-month':
      return resolveBirthMonth(cycle, context, asOf);
    case 'dea-registration':
      return resolveDeaRegistration(cycle, context, asOf);
    case 'one-time': {
      const due = resolveDue(cycle.due, context, asOf);
      if (!due) return null;
      return {
        start: cycle.countFrom,
        end: due.due,
        windowStart: cycle.countFrom ?? Number.NEGATIVE_INFINITY,
        windowEnd: Number.POSITIVE_INFINITY,
        notes: due.notes,
      };
    }
  }
}
