import { Inject, Injectable } from '@nestjs/common';

import { ComplianceErrors } from '../compliance/compliance.errors';
import { ComplianceEvaluator, type ComplianceView } from '../compliance/compliance-evaluator';
import { type CreditEntry } from '../ledger/credit-entry';
import { CreditEntryRepository } from '../ledger/credit-entry.repository';
import { type Practitioner } from '../practitioners/practitioner';
import { PractitionerProfileService } from '../practitioners/practitioner-profile.service';

/** What every document is made from: the profile, the ledger, and the compliance evaluated from those two. */
export interface PractitionerRecord {
  practitioner: Practitioner;
  entries: CreditEntry[];
  compliance: ComplianceView;
  /** Today on the practitioner's calendar. */
  today: string;
}

/** Reads a practitioner's profile and ledger once and evaluates them, so a document never mixes two reads. */
@Injectable()
export class PractitionerRecords {
  constructor(
    @Inject(PractitionerProfileService) private readonly profiles: PractitionerProfileService,
    @Inject(CreditEntryRepository) private readonly ledger: CreditEntryRepository,
    @Inject(ComplianceEvaluator) private readonly evaluator: ComplianceEvaluator,
  ) {}

  /** The record as of `asOf` (never later than today; default today). */
  async load(practitionerId: string, asOf?: string, now = new Date()): Promise<PractitionerRecord> {
    const practitioner = await this.profiles.find(practitionerId);
    if (!practitioner) throw ComplianceErrors.noProfile(practitionerId);
    const entries = await this.ledger.findAll(practitionerId);
    const today = this.evaluator.todayFor(practitioner.profile, now);
    const date = asOf && asOf < today ? asOf : today;
    const compliance = this.evaluator.evaluate(practitionerId, practitioner.profile, entries, date, now);
    return { practitioner, entries, compliance, today };
  }
}
