import { type CourseSnapshot, type RequirementStanding } from '@cme/contracts';
import { type RulePackSet, type RuleVersion } from '@cme/requirements';

import { isOpen } from '../reminders/reminder-plan';

/** What of a course a match needs: who may take it, when, and what credit it designates. */
export type AlertCourse = Pick<
  CourseSnapshot,
  'status' | 'topics' | 'credits' | 'professions' | 'approvals' | 'startsOn' | 'endsOn' | 'availableUntil'
>;

/** One open requirement a course would advance, and which of its open components. */
export interface GapMatch {
  requirementId: string;
  name: string;
  deadline: string;
  /** Each open component the course counts toward, with the hours of it the course could close at most. */
  components: { name: string; hours: number }[];
}

type RuleComponent = RuleVersion['components'][number];

/**
 * The rule version behind a requirement as the compliance event reports it: the one whose dates hold the
 * cycle's start (one-time requirements: the deadline), as the requirements engine selects it.
 */
function ruleOf(rules: RulePackSet, requirement: RequirementStanding): RuleVersion | undefined {
  const versions = rules.packs.flatMap((pack) => pack.rules).filter(({ id }) => id === requirement.id);
  const reference = requirement.cycle.start ?? requirement.cycle.end;
  return versions.find(
    ({ effectiveFrom, effectiveTo }) =>
      effectiveFrom <= reference && (effectiveTo ?? '9999-12-31') >= reference,
  );
}

/** The most hours of one component the course's credit could count toward, 0 when none of it can. */
function hoursToward(rule: RuleVersion, component: RuleComponent, course: AlertCourse): number {
  if (component.kind === 'cap') return 0;
  if ('requiresApproval' in component && component.requiresApproval) {
    if (!course.approvals?.includes(component.requiresApproval)) return 0;
  }
  if (component.kind === 'topic' && !component.topics.some((topic) => course.topics.includes(topic))) {
    return 0;
  }
  const accepted: readonly string[] = rule.accepts;
  const types: readonly string[] = component.kind === 'total' ? accepted : (component.types ?? accepted);
  const counted = course.credits.filter(({ type }) => accepted.includes(type) && types.includes(type));
  return Math.max(0, ...counted.map(({ amount }) => amount));
}

/**
 * The open requirements of a practitioner that a course would advance: open to their profession (a course
 * naming no profession is open to all), takeable between today and the requirement's deadline, and
 * designating credit of a type (and topic, and approval) one of the requirement's open components counts,
 * judged by the rule pack of the requirement. A cheap, conservative test: caps and what the practitioner
 * already earned are the compliance evaluation's business, and a course closing nothing is not matched.
 */
export function gapsClosedBy(
  course: AlertCourse,
  practitioner: { profession: string; requirements: readonly RequirementStanding[] },
  today: string,
  rules: RulePackSet,
): GapMatch[] {
  if (course.status !== 'published') return [];
  if (course.professions.length > 0 && !course.professions.includes(practitioner.profession)) return [];
  const from = course.startsOn ?? '0000-01-01';
  const to = course.endsOn ?? course.availableUntil ?? '9999-12-31';
  return practitioner.requirements.flatMap((requirement) => {
    if (!isOpen(requirement) || requirement.remaining <= 0) return [];
    if (from > requirement.deadline || to < today) return [];
    const rule = ruleOf(rules, requirement);
    if (!rule) return [];
    const components = requirement.components.flatMap(({ name, kind, remaining }) => {
      const component = rule.components.find(
        (candidate) => candidate.name === name && candidate.kind === kind,
      );
      const hours =
        remaining > 0 && component ? Math.min(remaining, hoursToward(rule, component, course)) : 0;
      return hours > 0 ? [{ name, hours }] : [];
    });
    if (components.length === 0) return [];
    return [
      { requirementId: requirement.id, name: requirement.name, deadline: requirement.deadline, components },
    ];
  });
}
