import { type RequirementStanding } from '@cme/contracts';
import { Inject, Injectable } from '@nestjs/common';

import { type CatalogCourse, CatalogCourseRepository } from '../catalog-courses/catalog-course.repository';
import { type CreditEntry } from '../ledger/credit-entry';
import { type Practitioner } from '../practitioners/practitioner';
import { ComplianceEvaluator, type ComplianceView, type RequirementView } from './compliance-evaluator';

/** How much of one requirement's gap a course would close, and of which components. */
export interface RequirementAdvance {
  requirementId: string;
  name: string;
  deadline: string;
  hours: number;
  components: { name: string; hours: number }[];
}

export interface Recommendation {
  course: Pick<
    CatalogCourse,
    | 'id'
    | 'title'
    | 'provider'
    | 'format'
    | 'credits'
    | 'topics'
    | 'url'
    | 'startsOn'
    | 'endsOn'
    | 'availableUntil'
  >;
  /** Gap hours the course would close, over every open requirement. */
  hoursClosed: number;
  /** Hours closed, each weighted by how near its deadline is: the ranking key. */
  score: number;
  advances: RequirementAdvance[];
}

/** Courses simulated per request at most: the best by a cheap estimate, so the answer stays fast. */
const MAX_SIMULATED = 150;
const DAY_MS = 86_400_000;
/** The id the simulated course credit takes in the ledger: never an id the ledger hands out. */
const SIMULATED_ID = 'recommendation';

const round = (value: number) => Math.round(value * 100) / 100;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

/**
 * A gap due soon weighs more: 1 + 365 / days to its deadline (at least 30). An hour toward a gap due within a
 * month weighs 13.2, one due in a year 2, one due in five years 1.2: distant gaps still count, near ones first.
 */
function urgency(today: string, deadline: string): number {
  return 1 + 365 / Math.max(30, daysBetween(today, deadline));
}

/** The first and last day a course can be completed on. */
function availability(course: CatalogCourse): { from: string; to: string } {
  return {
    from: course.startsOn ?? '0000-01-01',
    to: course.endsOn ?? course.availableUntil ?? '9999-12-31',
  };
}

/** A requirement still open that more credit can close (met ones are done; a closed window cannot be). */
function isOpen(requirement: RequirementView): boolean {
  return (
    requirement.status !== 'met' &&
    requirement.remaining > 0 &&
    requirement.forecast.earliestCompletion !== null
  );
}

/**
 * Ranks published catalog courses by how many hours of the practitioner's open gaps each would close, weighted
 * by the nearest deadline, among courses open to the practitioner's profession and takeable between today and
 * the deadline. Each candidate is simulated through the requirements engine — the course claimed in full on
 * the first day it can be taken — so caps, topic minimums and credit types are judged exactly as compliance
 * will judge the real credit.
 */
@Injectable()
export class CourseRecommender {
  constructor(
    @Inject(ComplianceEvaluator) private readonly evaluator: ComplianceEvaluator,
    @Inject(CatalogCourseRepository) private readonly courses: CatalogCourseRepository,
  ) {}

  async recommend(
    practitioner: Practitioner,
    entries: readonly CreditEntry[],
    current: ComplianceView,
    limit: number,
  ): Promise<Recommendation[]> {
    const open = current.requirements.filter(isOpen);
    if (open.length === 0) return [];
    const today = current.asOf;
    const lastDeadline = open.reduce(
      (latest, requirement) => (requirement.deadline > latest ? requirement.deadline : latest),
      today,
    );
    const accepted = this.acceptedTypes(open);
    const candidates = (await this.courses.findPublishedFor(practitioner.profile.profession))
      .filter((course) => {
        const { from, to } = availability(course);
        return (
          from <= lastDeadline && to >= today && course.credits.some((credit) => accepted.has(credit.type))
        );
      })
      .sort((a, b) => estimate(b, accepted) - estimate(a, accepted))
      .slice(0, MAX_SIMULATED);

    const baselines = new Map<string, ComplianceView>([[today, current]]);
    const recommendations: Recommendation[] = [];
    for (const course of candidates) {
      const completedOn = availability(course).from > today ? availability(course).from : today;
      let baseline = baselines.get(completedOn);
      if (!baseline) {
        baseline = this.evaluator.evaluate(practitioner.id, practitioner.profile, entries, completedOn);
        baselines.set(completedOn, baseline);
      }
      const withCourse = this.evaluator.evaluate(
        practitioner.id,
        practitioner.profile,
        [...entries, simulatedCredit(practitioner.id, course, completedOn)],
        completedOn,
      );
      const advances = advancesOf(open, baseline, withCourse, completedOn);
      if (advances.length === 0) continue;
      const hoursClosed = round(advances.reduce((sum, advance) => sum + advance.hours, 0));
      const score = round(
        advances.reduce((sum, advance) => sum + advance.hours * urgency(today, advance.deadline), 0),
      );
      recommendations.push({ course: summaryOf(course), hoursClosed, score, advances });
    }
    return recommendations
      .sort(
        (a, b) =>
          b.score - a.score || b.hoursClosed - a.hoursClosed || a.course.title.localeCompare(b.course.title),
      )
      .slice(0, limit);
  }

  /** Up to three courses per open requirement, best for that requirement first, as the compliance event carries them. */
  topPerRequirement(
    recommendations: readonly Recommendation[],
    requirementId: string,
  ): RequirementStanding['recommendedCourses'] {
    return recommendations
      .flatMap((recommendation) => {
        const advance = recommendation.advances.find(
          (candidate) => candidate.requirementId === requirementId,
        );
        return advance ? [{ recommendation, hours: advance.hours }] : [];
      })
      .sort((a, b) => b.hours - a.hours)
      .slice(0, 3)
      .map(({ recommendation, hours }) => ({
        courseId: recommendation.course.id,
        title: recommendation.course.title,
        hours,
        ...(recommendation.course.url && { url: recommendation.course.url }),
      }));
  }

  /** The credit types the rules of the open requirements accept at all. */
  private acceptedTypes(open: readonly RequirementView[]): Set<string> {
    const wanted = new Set(open.map((requirement) => `${requirement.id}@${requirement.ruleVersion}`));
    return new Set(
      this.evaluator.packs.packs.flatMap((pack) =>
        pack.rules.filter((rule) => wanted.has(`${rule.id}@${rule.version}`)).flatMap((rule) => rule.accepts),
      ),
    );
  }
}

/** A cheap first cut: the accepted hours a course designates. */
function estimate(course: CatalogCourse, accepted: ReadonlySet<string>): number {
  return course.credits.reduce((sum, credit) => sum + (accepted.has(credit.type) ? credit.amount : 0), 0);
}

function simulatedCredit(practitionerId: string, course: CatalogCourse, completedOn: string): CreditEntry {
  const at = new Date(0);
  return {
    id: SIMULATED_ID,
    practitionerId,
    version: 1,
    source: 'catalog',
    activity: {
      courseId: course.id,
      title: course.title,
      topics: course.topics,
      ...(course.approvals && { approvals: course.approvals }),
    },
    completedOn,
    claimed: course.credits.map(({ type, amount }) => ({ type, amount })),
    voided: false,
    history: [],
    recordedAt: at,
    updatedAt: at,
  };
}

/** What the course changes in each open requirement (whose deadline it can still meet). */
function advancesOf(
  open: readonly RequirementView[],
  baseline: ComplianceView,
  withCourse: ComplianceView,
  completedOn: string,
): RequirementAdvance[] {
  return open.flatMap((requirement) => {
    if (completedOn > requirement.deadline && requirement.status !== 'overdue') return [];
    const before = baseline.requirements.find((candidate) => candidate.id === requirement.id);
    const after = withCourse.requirements.find((candidate) => candidate.id === requirement.id);
    if (!before || !after) return [];
    const hours = round(before.remaining - after.remaining);
    if (hours <= 0) return [];
    const components = before.components.flatMap((component, index) => {
      const closed = round(component.remaining - (after.components[index]?.remaining ?? component.remaining));
      return component.kind !== 'cap' && closed > 0 ? [{ name: component.name, hours: closed }] : [];
    });
    return [
      {
        requirementId: requirement.id,
        name: requirement.name,
        deadline: requirement.deadline,
        hours,
        components,
      },
    ];
  });
}

function summaryOf(course: CatalogCourse): Recommendation['course'] {
  return {
    id: course.id,
    title: course.title,
    provider: course.provider,
    format: course.format,
    credits: course.credits,
    topics: course.topics,
    ...(course.url && { url: course.url }),
    ...(course.startsOn && { startsOn: course.startsOn }),
    ...(course.endsOn && { endsOn: course.endsOn }),
    ...(course.availableUntil && { availableUntil: course.availableUntil }),
  };
}
