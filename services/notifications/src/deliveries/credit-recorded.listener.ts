import { type DomainEvent, LedgerEventTypes } from '@cme/contracts';
import { OnDomainEvent } from '@cme/messaging';
import { Inject, Injectable } from '@nestjs/common';

import { DeliveriesService } from './deliveries.service';

/** Confirms each recorded credit to the practitioner by email. */
@Injectable()
export class CreditRecordedListener {
  constructor(@Inject(DeliveriesService) private readonly deliveries: DeliveriesService) {}

  @OnDomainEvent(LedgerEventTypes.creditRecorded)
  async confirmCredit(event: DomainEvent<typeof LedgerEventTypes.creditRecorded>): Promise<void> {
    await this.deliveries.confirmCredit(event.id, event.data);
  }
}
