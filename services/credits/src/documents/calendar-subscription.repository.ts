import { isDuplicateKey } from '@cme/platform';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model } from 'mongoose';

import {
  CALENDAR_SUBSCRIPTION_MODEL,
  type CalendarSubscriptionDocument,
} from './calendar-subscription.schema';

export interface CalendarSubscription {
  practitionerId: string;
  tokenId: string;
  createdAt: Date;
}

/** The one place that reads and writes calendar subscriptions. */
@Injectable()
export class CalendarSubscriptionRepository {
  constructor(
    @InjectModel(CALENDAR_SUBSCRIPTION_MODEL)
    private readonly subscriptions: Model<CalendarSubscriptionDocument>,
  ) {}

  /** The subscription whose token carries this id. */
  async findByTokenId(tokenId: string): Promise<CalendarSubscription | null> {
    const stored = await this.subscriptions.findOne({ tokenId }).lean<CalendarSubscriptionDocument>();
    return stored && { practitionerId: stored._id, tokenId: stored.tokenId, createdAt: stored.createdAt };
  }

  /** Makes `subscription` the practitioner's only one (the token of any former one stops working). */
  async replace(subscription: CalendarSubscription): Promise<void> {
    const replace = () =>
      this.subscriptions.replaceOne(
        { _id: subscription.practitionerId },
        { tokenId: subscription.tokenId, createdAt: subscription.createdAt },
        { upsert: true },
      );
    try {
      await replace();
    } catch (error) {
      // Two first subscriptions at once: both upserts insert, one loses on the id; the document exists now.
      if (!isDuplicateKey(error)) throw error;
      await replace();
    }
  }

  /** `false` when the practitioner had no subscription. */
  async delete(practitionerId: string): Promise<boolean> {
    const result = await this.subscriptions.deleteOne({ _id: practitionerId });
    return result.deletedCount === 1;
  }
}
