import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

import { ComplianceEventTypes, createEvent, type RequirementStanding } from '@cme/contracts';
import { SERVICE_NAME } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';

import { type CountedCredit, CreditEntryRepository } from '../ledger/credit-entry.repository';
import { type Practitioner } from '../practitioners/practitioner';
import { PractitionerProfileService } from '../practitioners/practitioner-profile.service';
import { ComplianceErrors } from './compliance.errors';
import { ComplianceEvaluator, type ComplianceView, standingsOf } from './compliance-evaluator';
import {
  ComplianceResultRepository,
  type ResultWrite,
  type StoredComplianceResult,
} from './compliance-result.repository';
import { type CatalogView, CourseRecommender, type Recommendation } from './course-recommender';
import { EvaluatedLedgers } from './evaluated-ledgers';

export type RefreshOutcome = 'published' | 'stored' | 'unchanged' | 'no-profile';

/** Concurrent refreshes of one practitioner (two instances, two events): the loser computes again. */
const MAX_ATTEMPTS = 3;
/** Courses simulated for the event's per-requirement recommendations. */
const EVENT_RECOMMENDATIONS = 20;

/**
 * Compliance in the product: the engine's answer for a practitioner from their profile and ledger, on demand
 * (the API), and stored after every change (the roster, and the compliance-evaluated event reminders are
 * scheduled from, published only when where the practitioner stands has changed).
 */
@Injectable()
export class ComplianceService {
  constructor(
    @Inject(ComplianceEvaluator) private readonly evaluator: ComplianceEvaluator,
    @Inject(PractitionerProfileService) private readonly profiles: PractitionerProfileService,
    @Inject(CreditEntryRepository) private readonly entries: CreditEntryRepository,
    @Inject(ComplianceResultRepository) private readonly results: ComplianceResultRepository,
    @Inject(CourseRecommender) private readonly recommender: CourseRecommender,
    @Inject(SERVICE_NAME) private readonly source: string,
  ) {}

  /** What this instance's stored evaluations were made from, so that a burst of events is evaluated once. */
  readonly evaluated = new EvaluatedLedgers();

  /** The practitioner's compliance on `asOf` (default: today on their calendar), evaluated now. */
  async evaluate(practitionerId: string, asOf?: string, now = new Date()): Promise<ComplianceView> {
    const [practitioner, entries] = await Promise.all([
      this.practitioner(practitionerId),
      this.entries.findCounted(practitionerId),
    ]);
    return this.evaluator.evaluate(
      practitionerId,
      practitioner.profile,
      entries,
      asOf ?? this.evaluator.todayFor(practitioner.profile, now),
      now,
    );
  }

  async recommendations(practitionerId: string, limit: number, now = new Date()): Promise<Recommendation[]> {
    const [practitioner, entries] = await Promise.all([
      this.practitioner(practitionerId),
      this.entries.findCounted(practitionerId),
    ]);
    const current = this.evaluator.evaluate(
      practitionerId,
      practitioner.profile,
      entries,
      this.evaluator.todayFor(practitioner.profile, now),
      now,
    );
    return this.recommender.recommend(practitioner, entries, current, limit);
  }

  /**
   * Evaluates the practitioner as of today and stores the result; when the standing differs from the stored
   * one (a status, deadline, remaining hours or gap of any requirement, or what is not covered), the same write
   * carries a compliance-evaluated event.
   */
  async refresh(practitionerId: string, now = new Date()): Promise<RefreshOutcome> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // The stored result first, then the inputs: a write on the revision read is then never older than
      // what it replaces (see EvaluatedLedgers).
      const stored = await this.results.findById(practitionerId);
      const [practitioner, entries] = await Promise.all([
        this.profiles.find(practitionerId),
        this.entries.findCounted(practitionerId),
      ]);
      if (!practitioner) return 'no-profile';
      const write = await this.evaluateForStorage(
        practitioner,
        entries,
        stored,
        now,
        this.recommender.catalog(),
      );
      if (write === 'unchanged') {
        this.evaluated.remember(practitioner, entries);
        return 'unchanged';
      }
      const saved = stored
        ? await this.results.saveIfRevision(write.result, stored.revision, write.events)
        : await this.results.insert(write.result, write.events);
      if (saved) {
        this.evaluated.remember(practitioner, entries);
        return write.events.length > 0 ? 'published' : 'stored';
      }
    }
    throw ComplianceErrors.changedMeanwhile(practitionerId);
  }

  /**
   * `refresh` for a batch of stored results (the sweep's), read before this call: their profiles in one read,
   * their ledgers in one read, the catalog once, the changed results in one bulk write. A result that changed
   * meanwhile makes its write miss; then each practitioner of the batch is refreshed alone, which stores and
   * publishes only what the bulk write did not (a refresh of a stored standing changes nothing).
   */
  async refreshMany(stored: readonly StoredComplianceResult[], now = new Date()): Promise<RefreshOutcome[]> {
    const ids = stored.map((result) => result._id);
    const [practitioners, ledgers] = await Promise.all([
      this.profiles.findMany(ids),
      this.entries.findCountedOfMany(ids),
    ]);
    const byId = new Map(practitioners.map((practitioner) => [practitioner.id, practitioner]));
    const catalog = this.recommender.catalog();
    const outcomes = new Map<string, RefreshOutcome>();
    const writes: (ResultWrite & { practitioner: Practitioner; entries: readonly CountedCredit[] })[] = [];
    for (const result of stored) {
      const practitioner = byId.get(result._id);
      if (!practitioner) {
        outcomes.set(result._id, 'no-profile');
        continue;
      }
      const entries = ledgers.get(result._id) ?? [];
      const write = await this.evaluateForStorage(practitioner, entries, result, now, catalog);
      if (write === 'unchanged') {
        this.evaluated.remember(practitioner, entries);
        outcomes.set(result._id, 'unchanged');
      } else {
        writes.push({ ...write, expectedRevision: result.revision, practitioner, entries });
      }
    }
    if ((await this.results.saveManyIfRevision(writes)) === writes.length) {
      for (const write of writes) {
        this.evaluated.remember(write.practitioner, write.entries);
        outcomes.set(write.result._id, write.events.length > 0 ? 'published' : 'stored');
      }
    } else {
      for (const write of writes) outcomes.set(write.result._id, await this.refresh(write.result._id, now));
    }
    return ids.map((id) => outcomes.get(id)!);
  }

  /** The result to store for the practitioner now, with its event when the standing changed; or `unchanged`. */
  private async evaluateForStorage(
    practitioner: Practitioner,
    entries: readonly CountedCredit[],
    stored: StoredComplianceResult | null,
    now: Date,
    catalog: CatalogView,
  ): Promise<Omit<ResultWrite, 'expectedRevision'> | 'unchanged'> {
    const view = this.evaluator.evaluate(
      practitioner.id,
      practitioner.profile,
      entries,
      this.evaluator.todayFor(practitioner.profile, now),
      now,
    );
    const standingDigest = digestOf(view);
    const changed = stored?.standingDigest !== standingDigest;
    const summary = practitionerSummary(practitioner);
    // The roster shows and filters by the summary: a new name or license changes it without changing the standing.
    if (
      !changed &&
      stored.rulesVersion === view.rulesVersion &&
      stored.asOf === view.asOf &&
      isDeepStrictEqual(stored.practitioner, summary)
    )
      return 'unchanged';

    const recommendations = changed
      ? await this.recommender.recommend(practitioner, entries, view, EVENT_RECOMMENDATIONS, catalog)
      : [];
    const requirements: RequirementStanding[] = changed
      ? standingsOf(view).map((standing) => ({
          ...standing,
          recommendedCourses: this.recommender.topPerRequirement(recommendations, standing.id),
        }))
      : stored.requirements;
    const result: StoredComplianceResult = {
      _id: practitioner.id,
      revision: (stored?.revision ?? 0) + 1,
      version: (stored?.version ?? 0) + (changed ? 1 : 0),
      rulesVersion: view.rulesVersion,
      asOf: view.asOf,
      evaluatedAt: now,
      nextEvaluationAt: nextLocalMidnight(practitioner.profile.timezone, now),
      standingDigest,
      requirements,
      notCovered: view.notCovered,
      practitioner: summary,
    };
    return { result, events: changed ? [this.event(result, now)] : [] };
  }

  private async practitioner(id: string): Promise<Practitioner> {
    const practitioner = await this.profiles.find(id);
    if (!practitioner) throw ComplianceErrors.noProfile(id);
    return practitioner;
  }

  private event(result: StoredComplianceResult, now: Date) {
    return createEvent({
      id: randomUUID(),
      type: ComplianceEventTypes.evaluated,
      source: this.source,
      subject: result._id,
      time: now,
      data: {
        practitionerId: result._id,
        version: result.version,
        evaluatedAt: now.toISOString(),
        asOf: result.asOf,
        rulesVersion: result.rulesVersion,
        requirements: result.requirements,
        notCovered: result.notCovered,
      },
    });
  }
}

/** What a reminder depends on: each requirement's status, deadline and gaps, and what is not covered. */
function digestOf(view: ComplianceView): string {
  const standing = {
    requirements: standingsOf(view).map(({ id, status, deadline, remaining, components }) => ({
      id,
      status,
      deadline,
      remaining,
      gaps: components.map((component) => [component.name, component.remaining]),
    })),
    notCovered: view.notCovered,
  };
  return createHash('sha256').update(JSON.stringify(standing)).digest('hex');
}

function practitionerSummary(practitioner: Practitioner): StoredComplianceResult['practitioner'] {
  return {
    name: practitioner.profile.name,
    profession: practitioner.profile.profession,
    licenseStates: practitioner.profile.licenses.map((license) => license.state),
  };
}

/** A formatter per time zone: building one costs far more than formatting (a sweep asks for thousands). */
const clocks = new Map<string, Intl.DateTimeFormat>();

function clockIn(timezone: string): Intl.DateTimeFormat {
  let clock = clocks.get(timezone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    clocks.set(timezone, clock);
  }
  return clock;
}

/** The next instant the practitioner's calendar turns to a new day (a minute after their midnight). */
export function nextLocalMidnight(timezone: string, now: Date): Date {
  const parts = clockIn(timezone).formatToParts(now);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const secondsIntoDay = value('hour') * 3600 + value('minute') * 60 + value('second');
  return new Date(now.getTime() + (86_400 - secondsIntoDay + 60) * 1000);
}
