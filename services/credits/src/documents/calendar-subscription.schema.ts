import { Schema } from 'mongoose';

export const CALENDAR_SUBSCRIPTION_MODEL = 'CalendarSubscription';

/**
 * A practitioner's calendar subscription: the id of the one token that opens their feed. A new token replaces
 * it; revoking deletes it. Tokens carry the id, so a token of a replaced or revoked subscription opens nothing.
 */
export interface CalendarSubscriptionDocument {
  /** The practitioner's id: one subscription each. */
  _id: string;
  /** The id its token carries (unique: it finds the subscription when a calendar app polls). */
  tokenId: string;
  createdAt: Date;
}

export const CalendarSubscriptionSchema = new Schema<CalendarSubscriptionDocument>(
  {
    _id: { type: String, required: true },
    tokenId: { type: String, required: true, unique: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'calendar_subscriptions', versionKey: false },
);
