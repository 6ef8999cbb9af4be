import { requestJson } from '../../api/api-client';
import { type ComplianceView, type RequirementView } from '../../api/compliance';

/** What the compliance view says of one requirement beyond the dashboard's summary (api-contract.md, Credits). */
export interface RequirementComponent {
  name: string;
  kind: 'total' | 'category' | 'topic' | 'cap';
  /** A cap: the most that counts in the current period (the calendar year of `asOf`, or the cycle). */
  required: number;
  /** A cap: what counts under it in the current period. */
  earned: number;
  /** A cap: the room left in the current period. */
  remaining: number;
  /** A cap: eligible hours over it in the whole cycle, which do not count. */
  excluded?: number;
}

export interface CreditAllocation {
  creditId: string;
  type: string;
  amount: number;
  /** Earned in the previous cycle; counts here as carried-forward excess. */
  carriedForward?: true;
}

export interface RequirementDetail extends RequirementView {
  authority?: string;
  source: string;
  ruleVersion: string;
  verified?: boolean;
  /** `start` is null for a one-time requirement that counts training from any date. */
  cycle: { start: string | null; end: string };
  components: RequirementComponent[];
  allocations: CreditAllocation[];
  forecast: { earliestCompletion: string | null; projectedCompletion?: string | null };
  notes?: string[];
  completion?: { completedOn: string; late: boolean };
}

export interface NotCovered {
  kind: 'license' | 'board' | 'registration';
  code: string;
  detail: string;
}

export interface SkippedRequirement {
  id: string;
  name: string;
  reason: 'exempt' | 'missing-profile-data';
  detail: string;
  source?: string;
}

export interface ComplianceDetail extends ComplianceView {
  requirements: RequirementDetail[];
  skipped?: SkippedRequirement[];
  notCovered?: NotCovered[];
}

/** A ledger entry, as far as the requirement detail shows it. */
export interface LedgerCredit {
  id: string;
  activity: { title: string; provider?: string };
  completedOn: string;
}

const CREDITS_PAGE = 100;

/**
 * The ledger entries with these ids, paging through the ledger (newest first) until all are found. The
 * compliance view names credits by id only; the ledger has no lookup of many ids at once.
 */
export async function loadCredits(ids: ReadonlySet<string>): Promise<Map<string, LedgerCredit>> {
  const found = new Map<string, LedgerCredit>();
  let cursor: string | null = null;
  while (found.size < ids.size) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: { items: LedgerCredit[]; nextCursor: string | null } = await requestJson(
      `/api/credits/v1/practitioners/me/credits?limit=${CREDITS_PAGE}${query}`,
    );
    for (const credit of page.items) if (ids.has(credit.id)) found.set(credit.id, credit);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return found;
}

export interface ProgressPoint {
  /** A calendar date YYYY-MM-DD. */
  date: string;
  /** Hours counted by that date; null after `asOf` (not known yet). */
  earned: number | null;
  /** Where a steady pace from the cycle start to the deadline would be. */
  pace: number;
}

const MAX_POINTS = 24;
const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const round = (value: number) => Math.round(value * 10) / 10;

function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const moved = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(moved.getUTCFullYear(), moved.getUTCMonth() + 1, 0)).getUTCDate();
  moved.setUTCDate(Math.min(day, lastDay));
  return moved.toISOString().slice(0, 10);
}

/**
 * Hours earned over the cycle against a steady pace to the deadline, at even steps of whole months (and today):
 * what the forecast chart draws. Undefined for one-time requirements (no cycle start to pace from). Credits
 * completed before the cycle start (carried forward) count from its first day.
 */
export function progressSeries(
  requirement: RequirementDetail,
  completedOn: ReadonlyMap<string, string>,
  asOf: string,
): ProgressPoint[] | undefined {
  const start = requirement.cycle.start;
  const end = requirement.cycle.end;
  if (!start || start >= end) return undefined;
  const months = Math.max(1, Math.round((dayNumber(end) - dayNumber(start)) / 30.44));
  const step = Math.max(1, Math.ceil(months / MAX_POINTS));
  const dates = new Set<string>();
  for (let index = 0, date = start; date < end; index += 1, date = addMonths(start, step * index)) {
    dates.add(date);
  }
  dates.add(end);
  if (asOf > start && asOf < end) dates.add(asOf);
  const credits = requirement.allocations.map((allocation) => ({
    day: dayNumber(completedOn.get(allocation.creditId) ?? start),
    amount: allocation.amount,
  }));
  const span = dayNumber(end) - dayNumber(start);
  return [...dates].sort().map((date) => {
    const day = dayNumber(date);
    const earned = credits
      .filter((credit) => credit.day <= day)
      .reduce((sum, credit) => sum + credit.amount, 0);
    return {
      date,
      earned: date <= asOf ? round(earned) : null,
      pace: round((requirement.required * (day - dayNumber(start))) / span),
    };
  });
}
