import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

import { ComplianceEventTypes, createEvent, type RequirementStanding } from '@cme/contracts';
import { SERVICE_NAME } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';

import { CreditEntryRepository } from '../ledger/credit-entry.repository';
import { type Practitioner } from '../practitioners/practitioner';
import { PractitionerProfileService } from '../practitioners/practitioner-profile.service';
import { ComplianceErrors } from './compliance.errors';
import { ComplianceEvaluator, type ComplianceView, standingsOf } from './compliance-evaluator';
import { ComplianceResultRepository, type StoredComplianceResult } from './compliance-result.repository';
import { CourseRecommender, type Recommendation } from './course-recommender';

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

  /** The practitioner's compliance on `asOf` (default: today on their calendar), evaluated now. */
  async evaluate(practitionerId: string, asOf?: string, now = new Date()): Promise<ComplianceView> {
    const practitioner = await this.practitioner(practitionerId);
    const entries = await this.entries.findAll(practitionerId);
    return this.evaluator.evaluate(
      practitionerId,
      practitioner.profile,
      entries,
      asOf ?? this.evaluator.todayFor(practitioner.profile, now),
      now,
    );
  }

  async recommendations(practitionerId: string, limit: number, now = new Date()): Promise<Recommendation[]> {
    const practitioner = await this.practitioner(practitionerId);
    const entries = await this.entries.findAll(practitionerId);
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
      const practitioner = await this.profiles.find(practitionerId);
      if (!practitioner) return 'no-profile';
      const entries = await this.entries.findAll(practitionerId);
      const view = this.evaluator.evaluate(
        practitionerId,
        practitioner.profile,
        entries,
        this.evaluator.todayFor(practitioner.profile, now),
        now,
      );
      const stored = await this.results.findById(practitionerId);
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
        ? await this.recommender.recommend(practitioner, entries, view, EVENT_RECOMMENDATIONS)
        : [];
      const requirements: RequirementStanding[] = changed
        ? standingsOf(view).map((standing) => ({
            ...standing,
            recommendedCourses: this.recommender.topPerRequirement(recommendations, standing.id),
          }))
        : stored.requirements;
      const result: StoredComplianceResult = {
        _id: practitionerId,
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
      const events = changed ? [this.event(result, now)] : [];
      const saved = stored
        ? await this.results.saveIfRevision(result, stored.revision, events)
        : await this.results.insert(result, events);
      if (saved) return changed ? 'published' : 'stored';
    }
    throw ComplianceErrors.changedMeanwhile(practitionerId);
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

/** The next instant the practitioner's calendar turns to a new day (a minute after their midnight). */
export function nextLocalMidnight(timezone: string, now: Date): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(now);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const secondsIntoDay = value('hour') * 3600 + value('minute') * 60 + value('second');
  return new Date(now.getTime() + (86_400 - secondsIntoDay + 60) * 1000);
}
