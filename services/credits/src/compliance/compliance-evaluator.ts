import { createHash } from 'node:crypto';

import { type RequirementStanding } from '@cme/contracts';
import {
  calendarDateIn,
  type ComplianceResult,
  evaluateCompliance,
  loadRulePacks,
  type RequirementResult,
  type RulePackSet,
} from '@cme/requirements';
import { Injectable } from '@nestjs/common';

import { type CountedCredit } from '../ledger/credit-entry.repository';
import { type PractitionerProfile } from '../practitioners/practitioner';
import { ledgerCreditOf, toEngineCredits, toEngineProfile } from './compliance-inputs';

/** An allocation as the API shows it: the ledger entry, its credit type, and how much of it counts here. */
export interface CreditAllocation {
  creditId: string;
  type: string;
  amount: number;
  carriedForward?: true;
}

export type RequirementView = Omit<RequirementResult, 'allocations'> & { allocations: CreditAllocation[] };

/** The compliance answer of the API (`GET /v1/practitioners/{me|id}/compliance`). */
export interface ComplianceView extends Omit<ComplianceResult, 'requirements'> {
  practitionerId: string;
  evaluatedAt: string;
  /** The practitioner's time zone, in which `asOf` and the deadlines are calendar dates. */
  timezone: string;
  /** The combined version of the rule packs that produced this answer. */
  rulesVersion: string;
  requirements: RequirementView[];
}

/**
 * The requirements engine with the bundled rule packs, loaded and compiled once, and the version that names
 * them: a change of any pack's version is a new rules version, after which stored results are re-evaluated.
 */
@Injectable()
export class ComplianceEvaluator {
  readonly packs: RulePackSet = loadRulePacks();
  readonly rulesVersion = createHash('sha256')
    .update(
      this.packs.packs
        .map((pack) => `${pack.pack}@${pack.version}`)
        .sort()
        .join(','),
    )
    .digest('hex')
    .slice(0, 12);

  /** Today on the practitioner's calendar. */
  todayFor(profile: PractitionerProfile, now = new Date()): string {
    return calendarDateIn(profile.timezone, now);
  }

  evaluate(
    practitionerId: string,
    profile: PractitionerProfile,
    entries: readonly CountedCredit[],
    asOf: string,
    now = new Date(),
  ): ComplianceView {
    const result = evaluateCompliance(toEngineProfile(profile), toEngineCredits(entries), this.packs, asOf);
    return {
      practitionerId,
      evaluatedAt: now.toISOString(),
      asOf: result.asOf,
      timezone: profile.timezone,
      rulesVersion: this.rulesVersion,
      requirements: result.requirements.map((requirement) => ({
        ...requirement,
        allocations: requirement.allocations.map(({ creditId, amount, carriedForward }) => ({
          ...ledgerCreditOf(creditId),
          amount,
          ...(carriedForward && { carriedForward }),
        })),
      })),
      skipped: result.skipped,
      notCovered: result.notCovered,
    };
  }
}

/** Where each requirement stands, as the compliance event carries it (recommendations added by the caller). */
export function standingsOf(view: ComplianceView): RequirementStanding[] {
  return view.requirements.map((requirement) => ({
    id: requirement.id,
    name: requirement.name,
    status: requirement.status,
    deadline: requirement.deadline,
    cycle: requirement.cycle,
    required: requirement.required,
    earned: requirement.earned,
    remaining: requirement.remaining,
    components: requirement.components.flatMap((component) =>
      component.kind === 'cap'
        ? []
        : [
            {
              name: component.name,
              kind: component.kind,
              required: component.required,
              remaining: component.remaining,
            },
          ],
    ),
    recommendedCourses: [],
  }));
}
