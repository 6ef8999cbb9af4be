import { type DomainEvent, PractitionerEventTypes } from '@cme/contracts';
import { OnDomainEvent } from '@cme/messaging';
import { Inject, Injectable } from '@nestjs/common';

import { ReminderScheduler } from './reminder-scheduler';

/** Keeps where and when to email each practitioner: name, address, time zone. */
@Injectable()
export class PractitionerListener {
  constructor(@Inject(ReminderScheduler) private readonly scheduler: ReminderScheduler) {}

  @OnDomainEvent(PractitionerEventTypes.registered, { versionConditional: true })
  @OnDomainEvent(PractitionerEventTypes.updated, { versionConditional: true })
  async changed(
    event: DomainEvent<typeof PractitionerEventTypes.registered | typeof PractitionerEventTypes.updated>,
  ): Promise<void> {
    await this.scheduler.applyProfile(event.data);
  }
}
