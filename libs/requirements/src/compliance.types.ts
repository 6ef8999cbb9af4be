import type { RequirementStatus } from './vocabulary';

/**
 * The engine's output, shaped like the compliance response of the public API
 * (`GET /v1/practitioners/me/compliance`); the credits service adds `evaluatedAt`.
 * Amounts are credits or hours, rounded to hundredths. Dates are `YYYY-MM-DD`.
 */
export interface ComplianceResult {
  asOf: string;
  /** Every requirement that applies on `asOf`, by deadline then id. */
  requirements: RequirementResult[];
  /** Requirements whose conditions match but that are not evaluated: exempt, or the profile lacks data. */
  skipped: SkippedRequirement[];
  /**
   * Licenses, boards and the DEA registration named by the profile that no rule of the packs could ever apply to
   * (for the practitioner's profession): their requirements are not evaluated at all, which must not read as met.
   */
  notCovered: NotCovered[];
}

export interface NotCovered {
  kind: 'license' | 'board' | 'registration';
  /** The license state, the board code, or `DEA`. */
  code: string;
  detail: string;
}

/** Which rule a result speaks of: shared by evaluated and skipped requirements. */
export interface RequirementIdentity {
  /** Requirement id, stable across rule versions. */
  id: string;
  name: string;
  /** Who sets the rule (the rule pack's authority). */
  authority: string;
  source: string;
  /** The rule version that governs this cycle. */
  ruleVersion: string;
  /** False when a fact behind the rule is unconfirmed (see the rule pack's notes). */
  verified: boolean;
}

export interface RequirementResult extends RequirementIdentity {
  /** `start` is null for one-time requirements that count training from any date. */
  cycle: { start: string | null; end: string };
  deadline: string;
  status: RequirementStatus;
  /** The total component's amount, or the sum of the minimums when the rule has no total. */
  required: number;
  /** Everything counted toward this requirement (the sum of `allocations`). */
  earned: number;
  /** The least additional credit still needed: max(total shortfall, sum of minimum shortfalls). */
  remaining: number;
  components: ComponentResult[];
  /** Each credit entry that counts here and how much of it counts (after dedupe and caps), by date. */
  allocations: Allocation[];
  forecast: Forecast;
  /** Assumptions made for this evaluation (e.g. cycle dates the profile did not give). */
  notes: string[];
  /**
   * One-time requirements that are met: the date the last counted credit brought it to met, and whether that was
   * after the due date (a one-time requirement completed late is met, and says so).
   */
  completion?: { completedOn: string; late: boolean };
  /** Credits the practitioner can claim because of this requirement (ABPN/ABPMR cycle completion). */
  awards?: AwardResult[];
}

export interface ComponentResult {
  name: string;
  kind: 'total' | 'category' | 'topic' | 'cap';
  /** For a cap: the maximum that counts in the current period (the as-of calendar year, or the cycle). */
  required: number;
  /** For a cap: what counts under it in the current period. */
  earned: number;
  /** For a cap: the room left in the current period. */
  remaining: number;
  /** Caps only: eligible credit over the cap in the whole cycle, which does not count. */
  excluded?: number;
}

export interface Allocation {
  creditId: string;
  amount: number;
  /** The credit was earned in the previous cycle and counts here as carried-forward excess (total only). */
  carriedForward?: true;
}

export interface Forecast {
  /**
   * The earliest date on or after `asOf` by which the requirement can be met given its caps: `asOf` when it
   * can be met now (or is met), 1 January of the first year whose cap room covers the rest, null when it cannot
   * be met in the cycle (unattainable, or overdue with the window closed).
   */
  earliestCompletion: string | null;
  /**
   * When the requirement would be met at the practitioner's pace so far in this cycle (never before
   * `earliestCompletion`); null without a pace (nothing earned yet, no cycle start) or beyond 100 years.
   */
  projectedCompletion: string | null;
}

export interface AwardResult {
  creditType: string;
  amount: number;
  when: 'requirement-met' | 'cycle-complete';
  /** True once the condition holds on `asOf`: the practitioner may claim (and record) these credits. */
  available: boolean;
  note: string;
  /** cycle-complete awards: the completed cycle that makes them claimable (this one, or the one before it). */
  forCycle?: { start: string; end: string };
}

export interface SkippedRequirement extends RequirementIdentity {
  reason: 'exempt' | 'missing-profile-data';
  detail: string;
}
