import { ComplianceEventTypes, type DomainEvent } from '@cme/contracts';
import { OnDomainEvent } from '@cme/messaging';
import { Inject, Injectable } from '@nestjs/common';

import { ReminderScheduler } from './reminder-scheduler';

/** Each new compliance evaluation reschedules the practitioner's reminders. */
@Injectable()
export class ComplianceListener {
  constructor(@Inject(ReminderScheduler) private readonly scheduler: ReminderScheduler) {}

  @OnDomainEvent(ComplianceEventTypes.evaluated, { versionConditional: true })
  async evaluated(event: DomainEvent<typeof ComplianceEventTypes.evaluated>): Promise<void> {
    await this.scheduler.applyCompliance(event.data);
  }
}
