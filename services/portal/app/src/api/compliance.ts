/** The credits service's compliance view (api-contract.md), as far as the dashboard reads it. */
export type RequirementStatus = 'met' | 'on-track' | 'at-risk' | 'unattainable' | 'overdue';

export interface RequirementView {
  id: string;
  name: string;
  deadline: string;
  status: RequirementStatus;
  required: number;
  earned: number;
  remaining: number;
}

export interface ComplianceView {
  asOf: string;
  requirements: RequirementView[];
}

export interface Recommendation {
  course: { id: string; title: string; provider?: { name: string }; format?: string };
  hoursClosed: number;
  advances: { requirementId: string; name: string; hours: number }[];
}

export const NEEDS_ATTENTION: readonly RequirementStatus[] = ['at-risk', 'unattainable', 'overdue'];

/** Nearest deadline first; among equal deadlines, the most hours to go first. */
export function byNearestDeadline(requirements: readonly RequirementView[]): RequirementView[] {
  return [...requirements].sort(
    (a, b) =>
      a.deadline.localeCompare(b.deadline) || b.remaining - a.remaining || a.name.localeCompare(b.name),
  );
}
