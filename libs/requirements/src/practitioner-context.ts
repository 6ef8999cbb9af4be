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

function optionalDay(text: string | undefined | null): DayNumber | null {
  if (!text) return null;
  const day = parseDay(text);
  return Number.isNaN(day) ? null : day;
}

export function prepareProfile(profile: PractitionerProfile): PractitionerContext {
  const licenses = new Map<string, LicenseFacts>();
  for (const license of profile.licenses) {
    const expiresOn = parseDay(license.expiresOn);
    if (Number.isNaN(expiresOn)) continue;
    const current = licenses.get(license.state);
    // Two licenses in one state: the later expiry is the current one.
    if (current && current.expiresOn >= expiresOn) continue;
    licenses.set(license.state, {
      state: license.state,
      expiresOn,
      issuedOn: optionalDay(license.issuedOn),
      firstRenewal: license.firstRenewal,
      renewalNumber: license.renewalNumber,
    });
  }
  const deaExpiry = profile.dea ? parseDay(profile.dea.expiresOn) : NaN;
  return {
    profile,
    specialty: normalizeCode(profile.specialty),
    licenses,
    boards: profile.boards.map((b) => ({
      board: b.board.toUpperCase(),
      specialty: normalizeCode(b.specialty),
      cycleStart: optionalDay(b.cycleStart),
      cycleEnd: optionalDay(b.cycleEnd),
    })),
    dea:
      profile.dea && !Number.isNaN(deaExpiry)
        ? { expiresOn: deaExpiry, registeredOn: optionalDay(profile.dea.registeredOn) }
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
  if (condition.every !== undefined && renewal % condition.every !== 0) return false;
  return true;
}

/** All the condition's fields must hold (an absent field always holds). */
export function conditionHolds(condition: CompiledCondition, context: PractitionerContext): boolean {
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
  if (condition.renewal && !renewalMatches(condition.renewal, context)) return false;
  if (condition.exemptionClaimed !== null && !context.exemptions.has(condition.exemptionClaimed))
    return false;
  return true;
}
