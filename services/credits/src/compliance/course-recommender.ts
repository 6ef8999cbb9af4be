import { type RequirementStanding } from '@cme/contracts';
import {
  type ComplianceResult,
  evaluateCompliance,
  type RequirementResult,
  type RulePack,
  type RuleVersion,
} from '@cme/requirements';
import { Inject, Injectable } from '@nestjs/common';

import { type CatalogCourse, CatalogCourseRepository } from '../catalog-courses/catalog-course.repository';
import { type CountedCredit } from '../ledger/credit-entry.repository';
import { type Practitioner } from '../practitioners/practitioner';
import { ComplianceEvaluator, type ComplianceView, type RequirementView } from './compliance-evaluator';
import { toEngineCredits, toEngineProfile } from './compliance-inputs';

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
/** Rule subsets kept compiled for simulations (each a handful of requirement ids; few distinct in practice). */
const MAX_SUBSETS = 500;
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
/**
 * The published courses of each profession, read once for a run of recommendations (a sweep batch ranks the
 * same catalog for hundreds of practitioners). Lives as long as the run: a course published later is seen by
 * the next one.
 */
export class CatalogView {
  private readonly byProfession = new Map<string, Promise<CatalogCourse[]>>();

  constructor(private readonly courses: CatalogCourseRepository) {}

  publishedFor(profession: string): Promise<CatalogCourse[]> {
    let found = this.byProfession.get(profession);
    if (!found) {
      found = this.courses.findPublishedFor(profession);
      this.byProfession.set(profession, found);
    }
    return found;
  }
}

/**
 * Ranks published catalog courses by how many hours of the practitioner's open gaps each would close, weighted
 * by the nearest deadline, among courses open to the practitioner's profession and takeable between today and
 * the deadline. Each candidate is simulated through the requirements engine — the course claimed in full on
 * the first day it can be taken — so caps, topic minimums and credit types are judged exactly as compliance
 * will judge the real credit. The engine judges each requirement on its own, and one that accepts none of a
 * course's credit types cannot count it: a simulation evaluates only the open requirements that accept the
 * course, which gives the same figures for them at a fraction of the cost of all of them.
 */
@Injectable()
export class CourseRecommender {
  /** Every version of each requirement id. */
  private readonly versions = new Map<string, RuleVersion[]>();
  private readonly subsets = new Map<string, RulePack[]>();

  constructor(
    @Inject(ComplianceEvaluator) private readonly evaluator: ComplianceEvaluator,
    @Inject(CatalogCourseRepository) private readonly courses: CatalogCourseRepository,
  ) {
    for (const rule of evaluator.packs.packs.flatMap((pack) => pack.rules)) {
      this.versions.set(rule.id, [...(this.versions.get(rule.id) ?? []), rule]);
    }
  }

  /** A catalog view for a run of recommendations (see `CatalogView`). */
  catalog(): CatalogView {
    return new CatalogView(this.courses);
  }

  async recommend(
    practitioner: Practitioner,
    entries: readonly CountedCredit[],
    current: ComplianceView,
    limit: number,
    catalog = this.catalog(),
  ): Promise<Recommendation[]> {
    const open = current.requirements.filter(isOpen);
    if (open.length === 0) return [];
    const today = current.asOf;
    const lastDeadline = open.reduce(
      (latest, requirement) => (requirement.deadline > latest ? requirement.deadline : latest),
      today,
    );
    const accepted = this.acceptedTypes(open);
    const candidates = (await catalog.publishedFor(practitioner.profile.profession))
      .filter((course) => {
        const { from, to } = availability(course);
        return (
          from <= lastDeadline && to >= today && course.credits.some((credit) => accepted.has(credit.type))
        );
      })
      .sort((a, b) => estimate(b, accepted) - estimate(a, accepted))
      .slice(0, MAX_SIMULATED);

    const profile = toEngineProfile(practitioner.profile);
    const credits = toEngineCredits(entries);
    // A course the ledger already holds an activity of joins that activity in the engine, which can change
    // what the held credit counts for elsewhere: such a course is simulated against every requirement.
    const heldActivities = new Set(credits.map((credit) => credit.activityId));
    const openById = new Map(open.map((requirement) => [requirement.id, requirement]));
    const baselines = new Map<string, Pick<ComplianceResult, 'requirements'>>([[today, current]]);
    const baselineOn = (day: string) => {
      let baseline = baselines.get(day);
      if (!baseline) {
        baseline = evaluateCompliance(profile, credits, this.evaluator.packs, day);
        baselines.set(day, baseline);
      }
      return baseline;
    };
    const plans = candidates.flatMap((course) => {
      const completedOn = availability(course).from > today ? availability(course).from : today;
      const held = heldActivities.has(course.id);
      const hoursPerRequirement = this.acceptedHours(course, openById);
      if (!held && hoursPerRequirement.size === 0) return [];
      const bound = held
        ? Infinity
        : scoreBound(hoursPerRequirement, openById, baselineOn(completedOn), today, completedOn);
      return [{ course, completedOn, held, ids: [...hoursPerRequirement.keys()].sort(), bound }];
    });
    // Best bound first: once `limit` courses are ranked, a course whose bound is below the last of them
    // cannot rank, nor can any after it, and is not simulated (the bound is never below the real score).
    plans.sort((a, b) => b.bound - a.bound);
    const recommendations: Recommendation[] = [];
    let threshold = -Infinity;
    for (const { course, completedOn, held, ids, bound } of plans) {
      if (recommendations.length >= limit && bound + SCORE_ROUNDING < threshold) break;
      const withCourse = evaluateCompliance(
        profile,
        [...credits, ...toEngineCredits([simulatedCredit(practitioner.id, course, completedOn)])],
        held ? this.evaluator.packs : this.packsFor(ids),
        completedOn,
      );
      const advances = advancesOf(open, baselineOn(completedOn), withCourse, completedOn);
      if (advances.length === 0) continue;
      const hoursClosed = round(advances.reduce((sum, advance) => sum + advance.hours, 0));
      const score = round(
        advances.reduce((sum, advance) => sum + advance.hours * urgency(today, advance.deadline), 0),
      );
      recommendations.push({ course: summaryOf(course), hoursClosed, score, advances });
      if (recommendations.length >= limit) {
        threshold = recommendations.map((recommendation) => recommendation.score).sort((a, b) => b - a)[
          limit - 1
        ];
      }
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

  /**
   * The open requirements some version of which can count the course, each with the most hours of it that
   * version counts: a credit of an accepted type, toward the total or (without a total) toward a category or
   * topic minimum whose types, topics and approval it has. A credit counts at most its amount, toward the
   * total and its minimums alike.
   */
  private acceptedHours(
    course: CatalogCourse,
    open: ReadonlyMap<string, RequirementView>,
  ): Map<string, number> {
    const hours = new Map<string, number>();
    for (const id of open.keys()) {
      let most = 0;
      for (const rule of this.versions.get(id) ?? []) {
        const counted = course.credits
          .filter((credit) => countable(rule, course, credit.type))
          .reduce((sum, credit) => sum + credit.amount, 0);
        most = Math.max(most, counted);
      }
      if (most > 0) hours.set(id, most);
    }
    return hours;
  }

  /**
   * The rule packs cut down to these requirement ids (every version of each), compiled once and kept: the
   * engine compiles a pack list once per list object.
   */
  private packsFor(ids: readonly string[]): RulePack[] {
    const key = ids.join(',');
    let packs = this.subsets.get(key);
    if (!packs) {
      const wanted = new Set(ids);
      packs = this.evaluator.packs.packs.flatMap((pack) => {
        const rules = pack.rules.filter((rule) => wanted.has(rule.id));
        return rules.length > 0 ? [{ ...pack, rules }] : [];
      });
      if (this.subsets.size >= MAX_SUBSETS) this.subsets.clear();
      this.subsets.set(key, packs);
    }
    return packs;
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

/** Whether a rule version can count a course's credit of this type at all (see `acceptedHours`). */
function countable(rule: RuleVersion, course: CatalogCourse, type: string): boolean {
  if (!(rule.accepts as readonly string[]).includes(type)) return false;
  return rule.components.some((component) => {
    switch (component.kind) {
      case 'total':
        return true;
      case 'cap':
        return false;
      default:
        return (
          (component.types === undefined || (component.types as readonly string[]).includes(type)) &&
          (component.requiresApproval === undefined ||
            (course.approvals ?? []).includes(component.requiresApproval)) &&
          (component.kind === 'category' || component.topics.some((topic) => course.topics.includes(topic)))
        );
    }
  });
}

/** Scores are rounded to hundredths: a score may exceed its unrounded bound by that much. */
const SCORE_ROUNDING = 0.01;

/**
 * The most a course can score: in each open requirement it can still count toward (by its deadline, or any
 * time when overdue), no more hours than the course has of the types accepted there, nor than remain.
 */
function scoreBound(
  hoursPerRequirement: ReadonlyMap<string, number>,
  open: ReadonlyMap<string, RequirementView>,
  baseline: Pick<ComplianceResult, 'requirements'>,
  today: string,
  completedOn: string,
): number {
  let bound = 0;
  for (const [id, hours] of hoursPerRequirement) {
    const requirement = open.get(id)!;
    if (completedOn > requirement.deadline && requirement.status !== 'overdue') continue;
    const remaining = baseline.requirements.find((candidate) => candidate.id === id)?.remaining ?? 0;
    bound += Math.min(hours, remaining) * urgency(today, requirement.deadline);
  }
  return bound;
}

/** A cheap first cut: the accepted hours a course designates. */
function estimate(course: CatalogCourse, accepted: ReadonlySet<string>): number {
  return course.credits.reduce((sum, credit) => sum + (accepted.has(credit.type) ? credit.amount : 0), 0);
}

function simulatedCredit(practitionerId: string, course: CatalogCourse, completedOn: string): CountedCredit {
  return {
    id: SIMULATED_ID,
    practitionerId,
    version: 1,
    activity: {
      courseId: course.id,
      title: course.title,
      topics: course.topics,
      ...(course.approvals && { approvals: course.approvals }),
    },
    completedOn,
    claimed: course.credits.map(({ type, amount }) => ({ type, amount })),
    voided: false,
  };
}

/** What the course changes in each open requirement (whose deadline it can still meet). */
function advancesOf(
  open: readonly RequirementView[],
  baseline: { requirements: readonly Omit<RequirementResult, 'allocations'>[] },
  withCourse: { requirements: readonly Omit<RequirementResult, 'allocations'>[] },
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
