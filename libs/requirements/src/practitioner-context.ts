import { addMonths, parseDay, type DayNumber } from './calendar';
import { normalizeCode, type CompiledCondition } from './compiled-rules';
import type { PractitionerProfile } from './inputs.schema';
import type { RenewalCondition } from './rule-pack.schema';

/** A license with its dates as day numbers. */
export interface LicenseFacts {
  state: string;
  expiresOn: DayNumber;
  issuedOn: DayNumber | null;
  firstRenewal: boolean | undefined;
  renewalNumber: number | undefined;
}

export interface BoardFacts {
  board: string;
  specialty: string;
  cycleStart: DayNumber | null;
  cycleEnd: DayNumber | null;
  certifiedSince: DayNumber | null;
  mocParticipation: boolean;
}

/** The profile prepared once per evaluation: normalized codes, parsed dates, licenses by state. */
export interface PractitionerContext {
  profile: PractitionerProfile;
  specialty: string;
  licenses: ReadonlyMap<string, LicenseFacts>;
  boards: readonly BoardFacts[];
  dea: { expiresOn: DayNumber; registeredOn: DayNumber | null } | null;
  exemptions: ReadonlySet<string>;
}

/**
 * A profile date as a day number. A value that is not a calendar date (a timestamp, say) is refused, never
 * skipped: skipping would silently drop the requirement it dates.
 */
function profileDay(text: string, field: string): DayNumber {
  const day = parseDay(text);
  if (Number.isNaN(day))
    throw new RangeError(`profile ${field} must be a calendar date YYYY-MM-DD, got ${text}`);
  return day;
}

function optionalDay(text: string | undefined | null, field: string): DayNumber | null {
  return text ? profileDay(text, field) : null;
}

export function prepareProfile(profile: PractitionerProfile): PractitionerContext {
  const licenses = new Map<string, LicenseFacts>();
  for (const license of profile.licenses) {
    const expiresOn = profileDay(license.expiresOn, `${license.state} license expiresOn`);
    const current = licenses.get(license.state);
    // Two licenses in one state: the later expiry is the current one.
    if (current && current.expiresOn >= expiresOn) continue;
    licenses.set(license.state, {
      state: license.state,
      expiresOn,
      issuedOn: optionalDay(license.issuedOn, `${license.state} license issuedOn`),
      firstRenewal: license.firstRenewal,
      renewalNumber: license.renewalNumber,
    });
  }
  return {
    profile,
    specialty: normalizeCode(profile.specialty),
    licenses,
    boards: profile.boards.map((b) => ({
      board: b.board.toUpperCase(),
      specialty: normalizeCode(b.specialty),
      cycleStart: optionalDay(b.cycleStart, `${b.board} cycleStart`),
      cycleEnd: optionalDay(b.cycleEnd, `${b.board} cycleEnd`),
      certifiedSince: optionalDay(b.certifiedSince, `${b.board} certifiedSince`),
      mocParticipation: b.mocParticipation === true,
    })),
    dea: profile.dea
      ? {
          expiresOn: profileDay(profile.dea.expiresOn, 'dea.expiresOn'),
          registeredOn: optionalDay(profile.dea.registeredOn, 'dea.registeredOn'),
        }
      : null,
    exemptions: new Set((profile.exemptions ?? []).map(normalizeCode)),
  };
}

/**
 * Which renewal the license's `expiresOn` is (1 = first), or null when the profile does not say:
 * `renewalNumber` if given, 1 if `firstRenewal`, else counted from `issuedOn` in periods of `periodMonths`
 * (a first period shorter than a full one still ends in the first renewal).
 */
export function renewalNumberOf(license: LicenseFacts, periodMonths: number): number | null {
  if (license.renewalNumber !== undefined) return license.renewalNumber;
  if (license.firstRenewal === true) return 1;
  if (license.issuedOn === null) return null;
  let count = 1;
  while (count < 200 && addMonths(license.issuedOn, count * periodMonths) < license.expiresOn) count += 1;
  return license.firstRenewal === false ? Math.max(2, count) : count;
}

function renewalMatches(condition: RenewalCondition, context: PractitionerContext): boolean {
  const license = context.licenses.get(condition.state);
  if (!license) return false;
  const renewal = renewalNumberOf(license, condition.periodMonths);
  if (renewal === null) return condition.ifUnknown;
  if (condition.in && !condition.in.includes(renewal)) return false;
  if (condition.from !== undefined && renewal < condition.from) return false;
  if (condition.every !== undefined) {
    const first = condition.offset ?? condition.every;
    if (renewal < first || (renewal - first) % condition.every !== 0) return false;
  }
  return true;
}

function licenseIssuedMatches(
  condition: NonNullable<CompiledCondition['licenseIssued']>,
  context: PractitionerContext,
): boolean {
  const license = context.licenses.get(condition.state);
  if (!license) return false;
  if (license.issuedOn === null) return condition.ifUnknown;
  return license.issuedOn >= condition.onOrAfter && license.issuedOn < condition.before;
}

const isMocParticipant = (b: BoardFacts): boolean => b.mocParticipation;

/** Whether a certification (of `boards`, when the condition names boards) passes `test`. */
function someCertification(
  context: PractitionerContext,
  boards: ReadonlySet<string> | null,
  test: (b: BoardFacts) => boolean,
): boolean {
  return context.boards.some((b) => (boards === null || boards.has(b.board)) && test(b));
}

/** The dates of the cycle being evaluated, for conditions of exemptIf that depend on it. */
export interface CycleDates {
  start: DayNumber;
  end: DayNumber;
}

/**
 * All the condition's fields must hold (an absent field always holds). `cycle` is given for exemptIf, whose
 * boardCertifiedInCycle needs it (the schema keeps that field out of appliesTo).
 */
export function conditionHolds(
  condition: CompiledCondition,
  context: PractitionerContext,
  cycle: CycleDates | null = null,
): boolean {
  const { profile } = context;
  if (condition.professions && !condition.professions.has(profile.profession)) return false;
  if (condition.specialties && !condition.specialties.has(context.specialty)) return false;
  if (condition.licenseStates && !condition.licenseStates.some((state) => context.licenses.has(state)))
    return false;
  if (condition.deaRegistrant !== null && (context.dea !== null) !== condition.deaRegistrant) return false;
  for (const [flag, value] of condition.flags) {
    if ((profile.flags[flag] ?? false) !== value) return false;
  }
  const { boards, boardSpecialties } = condition;
  if (boards && !context.boards.some((b) => boards.has(b.board))) return false;
  if (boardSpecialties && !context.boards.some((b) => boardSpecialties.has(b.specialty))) return false;
  if (
    condition.boardMocParticipation !== null &&
    someCertification(context, boards, isMocParticipant) !== condition.boardMocParticipation
  )
    return false;
  if (condition.boardCertifiedInCycle) {
    const inCycle = (b: BoardFacts) =>
      cycle !== null &&
      b.certifiedSince !== null &&
      b.certifiedSince >= cycle.start &&
      b.certifiedSince <= cycle.end;
    if (!someCertification(context, boards, inCycle)) return false;
  }
  if (condition.renewal && !renewalMatches(condition.renewal, context)) return false;
  if (condition.licenseIssued && !licenseIssuedMatches(condition.licenseIssued, context)) return false;
  if (condition.exemptionClaimed !== null && !context.exemptions.has(condition.exemptionClaimed))
    return false;
  return true;
}
