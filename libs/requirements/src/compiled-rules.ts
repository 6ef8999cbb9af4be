import { parseDay, type DayNumber } from './calendar';
import {
  RulePackError,
  type Condition,
  type DueRule,
  type FixedCycle,
  type RenewalCondition,
  type RulePack,
  type RuleVersion,
} from './rule-pack.schema';
import {
  APPROVAL_CODES,
  CREDIT_TYPE_CODES,
  CREDIT_TYPES,
  PROFESSIONS,
  TOPIC_CODES,
  type ProfileFlag,
} from './vocabulary';

/*
 * Rule packs compiled once into the structures evaluation needs: dates as day numbers, amounts as integer
 * hundredths, credit types and topics as bit masks, versions of one requirement grouped newest first.
 */

/** Bit per known credit type; an unknown type gets no bit and so is accepted nowhere. */
export const TYPE_BITS: ReadonlyMap<string, number> = new Map(
  CREDIT_TYPE_CODES.map((code, i) => [code, 1 << i]),
);

/**
 * Bit per vocabulary topic; a credit's other topics get no bit and so count toward no topic component.
 * Masks are 32-bit integers, so the vocabulary may hold at most 32 topics (a unit test guards it).
 */
export const TOPIC_BITS: ReadonlyMap<string, number> = new Map(TOPIC_CODES.map((code, i) => [code, 1 << i]));

/** Bit per approval code (at most 32, like topics). */
export const APPROVAL_BITS: ReadonlyMap<string, number> = new Map(
  APPROVAL_CODES.map((code, i) => [code, 1 << i]),
);

const MEASURES = ['ama', 'aoa', 'ancc', 'acpe'] as const;
export const MEASURE_COUNT = MEASURES.length;
/** Index of the measure (see CREDIT_TYPES) each type is expressed in, by the position of its bit. */
const MEASURE_BY_TYPE_POSITION: readonly number[] = CREDIT_TYPE_CODES.map((code) =>
  MEASURES.indexOf(CREDIT_TYPES[code].measure),
);

/** The measure a type is expressed in, from its bit (no second map lookup per credit); -1 for an unknown type. */
export function measureOfTypeBit(typeBit: number): number {
  return typeBit === 0 ? -1 : MEASURE_BY_TYPE_POSITION[31 - Math.clz32(typeBit)];
}

export interface CompiledCondition {
  professions: ReadonlySet<string> | null;
  specialties: ReadonlySet<string> | null;
  licenseStates: readonly string[] | null;
  deaRegistrant: boolean | null;
  flags: readonly (readonly [ProfileFlag, boolean])[];
  boards: ReadonlySet<string> | null;
  boardSpecialties: ReadonlySet<string> | null;
  renewal: RenewalCondition | null;
  licenseIssued: { state: string; onOrAfter: DayNumber; before: DayNumber; ifUnknown: boolean } | null;
  boardMocParticipation: boolean | null;
  boardCertifiedInCycle: boolean;
  exemptionClaimed: string | null;
}

export interface CompiledFixedCycle {
  kind: 'fixed';
  anchorEnd: DayNumber;
  lengthMonths: number;
}

export type CompiledDue =
  | { kind: 'date'; on: DayNumber }
  | { kind: 'dea-renewal'; onOrAfter: DayNumber; periodMonths: number }
  | { kind: 'license-issue-or-renewal'; state: string; onOrAfter: DayNumber; periodMonths: number }
  | {
      kind: 'license-renewal';
      state: string;
      renewalNumber: number;
      periodMonths: number;
      withinMonthsOfIssue: number | null;
      issuedBefore: { date: DayNumber; dueOn: DayNumber } | null;
    };

export type CompiledCycle =
  | CompiledFixedCycle
  | {
      kind: 'board';
      boards: ReadonlySet<string>;
      boardList: string;
      lengthMonths: number;
      blocks: boolean;
      fromCertifiedSince: boolean;
      fallback: CompiledFixedCycle | null;
    }
  | { kind: 'license'; state: string; lengthMonths: number }
  | { kind: 'birth-month'; lengthMonths: number; state: string | null }
  | { kind: 'dea-registration'; firstWithinMonths: number; lengthMonths: number }
  | { kind: 'one-time'; countFrom: DayNumber | null; due: CompiledDue };

export interface CompiledMinimum {
  name: string;
  kind: 'total' | 'category' | 'topic';
  /** Hundredths. */
  required: number;
  /** 0: any accepted type. */
  typeMask: number;
  /** 0: any topic. */
  topicMask: number;
  /** 0: no approval needed; else the bit of the approval a credit must carry. */
  approvalBit: number;
}

export interface CompiledCap {
  name: string;
  per: 'calendar-year' | 'cycle';
  /** Hundredths. */
  max: number;
  overrides: readonly { fromYear: number; toYear: number; max: number }[];
  typeMask: number;
  topicMask: number;
}

/** A component in pack order: the total, or the index of a minimum or cap (which index allocation results). */
export type ComponentSlot =
  | { kind: 'total'; total: CompiledMinimum }
  | { kind: 'minimum'; index: number }
  | { kind: 'cap'; index: number };

export interface CompiledRule {
  rule: RuleVersion;
  authority: string;
  effectiveFrom: DayNumber;
  effectiveTo: DayNumber;
  appliesTo: CompiledCondition;
  exemptIf: readonly { when: CompiledCondition; reason: string }[];
  acceptMask: number;
  cycle: CompiledCycle;
  total: CompiledMinimum | null;
  /** Category and topic components (bit k of a credit's minimum mask = minimums[k]). */
  minimums: readonly CompiledMinimum[];
  caps: readonly CompiledCap[];
  /** The components in their pack order, for output. */
  slots: readonly ComponentSlot[];
  /**
   * A rule without a total counts only credit serving its minimums: when each of them names topics, only credit
   * with one of these topics can count (0: no such limit).
   */
  countedTopicMask: number;
  /** Hundredths: the total's amount, or the sum of the minimums. */
  required: number;
  /** Hundredths of the previous cycle's excess that count toward the total (0: none). */
  carryForwardMax: number;
  /** Carry-forward or cycle-complete awards: evaluation looks at the previous cycle too. */
  needsPreviousCycle: boolean;
}

export interface CompiledRequirement {
  id: string;
  /** Newest effectiveFrom first. */
  versions: readonly CompiledRule[];
}

/** Which professions some rule could apply to, per license state, board code and for the DEA registration. */
export interface Coverage {
  licenseStates: ReadonlyMap<string, ReadonlySet<string>>;
  boards: ReadonlyMap<string, ReadonlySet<string>>;
  deaRegistration: ReadonlySet<string>;
}

export interface CompiledRules {
  requirements: readonly CompiledRequirement[];
  coverage: Coverage;
}

export function toHundredths(amount: number): number {
  return Math.round(amount * 100);
}

function day(text: string): DayNumber {
  return parseDay(text);
}

/** The union of the codes' bits; codes without a bit add nothing. */
export function maskOf(bits: ReadonlyMap<string, number>, codes: readonly string[] | undefined): number {
  let mask = 0;
  if (codes === undefined) return 0;
  for (const code of codes) mask |= bits.get(code) ?? 0;
  return mask;
}

export function normalizeCode(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

function compileCondition(condition: Condition): CompiledCondition {
  return {
    professions: condition.professions ? new Set(condition.professions) : null,
    specialties: condition.specialties ? new Set(condition.specialties.map(normalizeCode)) : null,
    licenseStates: condition.licenseStates ?? null,
    deaRegistrant: condition.deaRegistrant ?? null,
    flags: Object.entries(condition.flags ?? {})
      .filter((entry): entry is [ProfileFlag, boolean] => typeof entry[1] === 'boolean')
      .map(([flag, value]) => [flag, value] as const),
    boards: condition.boards ? new Set(condition.boards.map((b) => b.toUpperCase())) : null,
    boardSpecialties: condition.boardSpecialties
      ? new Set(condition.boardSpecialties.map(normalizeCode))
      : null,
    renewal: condition.renewal ?? null,
    licenseIssued: condition.licenseIssued
      ? {
          state: condition.licenseIssued.state,
          onOrAfter: condition.licenseIssued.onOrAfter
            ? day(condition.licenseIssued.onOrAfter)
            : Number.NEGATIVE_INFINITY,
          before: condition.licenseIssued.before
            ? day(condition.licenseIssued.before)
            : Number.POSITIVE_INFINITY,
          ifUnknown: condition.licenseIssued.ifUnknown,
        }
      : null,
    boardMocParticipation: condition.boardMocParticipation ?? null,
    boardCertifiedInCycle: condition.boardCertifiedInCycle ?? false,
    exemptionClaimed: condition.exemptionClaimed ?? null,
  };
}

function compileFixed(cycle: FixedCycle): CompiledFixedCycle {
  return { kind: 'fixed', anchorEnd: day(cycle.anchorEnd), lengthMonths: cycle.lengthMonths };
}

function compileDue(due: DueRule): CompiledDue {
  switch (due.kind) {
    case 'date':
      return { kind: 'date', on: day(due.on) };
    case 'dea-renewal':
      return { kind: 'dea-renewal', onOrAfter: day(due.onOrAfter), periodMonths: due.periodMonths };
    case 'license-issue-or-renewal':
      return {
        kind: 'license-issue-or-renewal',
        state: due.state,
        onOrAfter: day(due.onOrAfter),
        periodMonths: due.periodMonths,
      };
    case 'license-renewal':
      return {
        kind: 'license-renewal',
        state: due.state,
        renewalNumber: due.renewalNumber,
        periodMonths: due.periodMonths,
        withinMonthsOfIssue: due.withinMonthsOfIssue ?? null,
        issuedBefore: due.issuedBefore
          ? { date: day(due.issuedBefore.date), dueOn: day(due.issuedBefore.dueOn) }
          : null,
      };
  }
}

function compileCycle(cycle: RuleVersion['cycle']): CompiledCycle {
  switch (cycle.kind) {
    case 'fixed':
      return compileFixed(cycle);
    case 'board':
      return {
        kind: 'board',
        boards: new Set(cycle.boards.map((b) => b.toUpperCase())),
        boardList: cycle.boards.join(' or '),
        lengthMonths: cycle.lengthMonths,
        blocks: cycle.blocks ?? false,
        fromCertifiedSince: cycle.fromCertifiedSince ?? false,
        fallback: cycle.fallback ? compileFixed(cycle.fallback) : null,
      };
    case 'license':
      return { kind: 'license', state: cycle.state, lengthMonths: cycle.lengthMonths };
    case 'birth-month':
      return { kind: 'birth-month', lengthMonths: cycle.lengthMonths, state: cycle.state ?? null };
    case 'dea-registration':
      return {
        kind: 'dea-registration',
        firstWithinMonths: cycle.firstWithinMonths,
        lengthMonths: cycle.lengthMonths,
      };
    case 'one-time':
      return {
        kind: 'one-time',
        countFrom: cycle.countFrom ? day(cycle.countFrom) : null,
        due: compileDue(cycle.due),
      };
  }
}

function compileRule(rule: RuleVersion, authority: string): CompiledRule {
  let total: CompiledMinimum | null = null;
  let carryForwardMax = 0;
  const minimums: CompiledMinimum[] = [];
  const caps: CompiledCap[] = [];
  const slots: ComponentSlot[] = [];
  for (const component of rule.components) {
    switch (component.kind) {
      case 'total':
        total = {
          name: component.name,
          kind: 'total',
          required: toHundredths(component.required),
          typeMask: 0,
          topicMask: 0,
          approvalBit: 0,
        };
        carryForwardMax = component.carryForward ? toHundredths(component.carryForward.max) : 0;
        slots.push({ kind: 'total', total });
        break;
      case 'category':
      case 'topic':
        slots.push({ kind: 'minimum', index: minimums.length });
        minimums.push({
          name: component.name,
          kind: component.kind,
          required: toHundredths(component.required),
          typeMask: maskOf(TYPE_BITS, component.types),
          topicMask: component.kind === 'topic' ? maskOf(TOPIC_BITS, component.topics) : 0,
          approvalBit: component.requiresApproval ? (APPROVAL_BITS.get(component.requiresApproval) ?? 0) : 0,
        });
        break;
      case 'cap':
        slots.push({ kind: 'cap', index: caps.length });
        caps.push({
          name: component.name,
          per: component.per,
          max: toHundredths(component.max),
          overrides: (component.yearOverrides ?? []).map((o) => ({ ...o, max: toHundredths(o.max) })),
          typeMask: maskOf(TYPE_BITS, component.types),
          topicMask: maskOf(TOPIC_BITS, component.topics),
        });
        break;
    }
  }
  return {
    rule,
    authority,
    effectiveFrom: day(rule.effectiveFrom),
    effectiveTo: rule.effectiveTo ? day(rule.effectiveTo) : Number.POSITIVE_INFINITY,
    appliesTo: compileCondition(rule.appliesTo),
    exemptIf: (rule.exemptIf ?? []).map((e) => ({ when: compileCondition(e.when), reason: e.reason })),
    acceptMask: maskOf(TYPE_BITS, rule.accepts),
    cycle: compileCycle(rule.cycle),
    total,
    minimums,
    caps,
    slots,
    countedTopicMask:
      total === null && minimums.length > 0 && minimums.every((m) => m.topicMask !== 0)
        ? minimums.reduce((mask, m) => mask | m.topicMask, 0)
        : 0,
    required: total ? total.required : minimums.reduce((sum, m) => sum + m.required, 0),
    carryForwardMax,
    needsPreviousCycle:
      carryForwardMax > 0 || (rule.awards ?? []).some((award) => award.when === 'cycle-complete'),
  };
}

function addCoverage(map: Map<string, Set<string>>, key: string, professions: readonly string[]): void {
  const covered = map.get(key) ?? new Set<string>();
  for (const profession of professions) covered.add(profession);
  map.set(key, covered);
}

/**
 * What the packs' rules could ever apply to, read from the rules themselves: the license states, boards and DEA
 * registration they name (conditions and cycles), for the professions their conditions admit.
 */
function coverageOf(packs: readonly RulePack[]): Coverage {
  const licenseStates = new Map<string, Set<string>>();
  const boards = new Map<string, Set<string>>();
  const deaRegistration = new Set<string>();
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const { appliesTo, cycle } = rule;
      const professions = appliesTo.professions ?? PROFESSIONS;
      const states = new Set(appliesTo.licenseStates ?? []);
      if (appliesTo.renewal) states.add(appliesTo.renewal.state);
      if (appliesTo.licenseIssued) states.add(appliesTo.licenseIssued.state);
      if ((cycle.kind === 'license' || cycle.kind === 'birth-month') && cycle.state) states.add(cycle.state);
      if (cycle.kind === 'one-time' && 'state' in cycle.due) states.add(cycle.due.state);
      for (const state of states) addCoverage(licenseStates, state, professions);
      const boardCodes = new Set((appliesTo.boards ?? []).map((b) => b.toUpperCase()));
      if (cycle.kind === 'board') for (const b of cycle.boards) boardCodes.add(b.toUpperCase());
      for (const board of boardCodes) addCoverage(boards, board, professions);
      const namesDea =
        appliesTo.deaRegistrant === true ||
        cycle.kind === 'dea-registration' ||
        (cycle.kind === 'one-time' && cycle.due.kind === 'dea-renewal');
      if (namesDea) for (const profession of professions) deaRegistration.add(profession);
    }
  }
  return { licenseStates, boards, deaRegistration };
}

/** Compiles packs validated by parseRulePack; checks what spans packs (one requirement id in one pack). */
export function compileRules(packs: readonly RulePack[]): CompiledRules {
  const owner = new Map<string, string>();
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const other = owner.get(rule.id);
      if (other !== undefined && other !== pack.pack) {
        throw new RulePackError(pack.pack, [
          { path: 'rules', message: `requirement ${rule.id} is also defined in pack ${other}` },
        ]);
      }
      owner.set(rule.id, pack.pack);
    }
  }
  const byId = new Map<string, CompiledRule[]>();
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const list = byId.get(rule.id) ?? [];
      list.push(compileRule(rule, pack.authority));
      byId.set(rule.id, list);
    }
  }
  const requirements = [...byId.entries()].map(([id, versions]) => ({
    id,
    versions: versions.sort((a, b) => b.effectiveFrom - a.effectiveFrom),
  }));
  return { requirements, coverage: coverageOf(packs) };
}
