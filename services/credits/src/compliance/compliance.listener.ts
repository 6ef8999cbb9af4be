import { type DomainEvent, LedgerEventTypes, PractitionerEventTypes } from '@cme/contracts';
import { OnDomainEvent } from '@cme/messaging';
import { Inject, Injectable } from '@nestjs/common';

import { ComplianceService } from './compliance.service';

const PROFILE_EVENTS: readonly string[] = [PractitionerEventTypes.registered, PractitionerEventTypes.updated];

/**
 * Keeps each practitioner's stored compliance current after every change of their profile or ledger, from the
 * service's own events: a change is committed with its event, so even a crash right after the write cannot
 * leave the stored result behind (the event is delivered once the service is back).
 */
@Injectable()
export class ComplianceListener {
  constructor(@Inject(ComplianceService) private readonly compliance: ComplianceService) {}

  // A refresh evaluates the current state from scratch: handling an event twice stores the same result, and an
  // event whose change the last stored evaluation already read (the rest of a burst) needs none.
  @OnDomainEvent(PractitionerEventTypes.registered, { versionConditional: true })
  @OnDomainEvent(PractitionerEventTypes.updated, { versionConditional: true })
  @OnDomainEvent(LedgerEventTypes.creditRecorded, { versionConditional: true })
  @OnDomainEvent(LedgerEventTypes.creditCorrected, { versionConditional: true })
  @OnDomainEvent(LedgerEventTypes.creditVoided, { versionConditional: true })
  async refresh(event: DomainEvent): Promise<void> {
    if (this.alreadyEvaluated(event)) return;
    await this.compliance.refresh(event.subject);
  }

  private alreadyEvaluated(event: DomainEvent): boolean {
    const { version, creditId } = event.data as { version?: number; creditId?: string };
    if (version === undefined) return false;
    if (PROFILE_EVENTS.includes(event.type))
      return this.compliance.evaluated.hasProfile(event.subject, version);
    return creditId !== undefined && this.compliance.evaluated.hasEntry(event.subject, creditId, version);
  }
}
