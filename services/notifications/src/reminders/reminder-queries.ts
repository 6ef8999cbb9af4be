import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type QueryFilter, type Model } from 'mongoose';

import { preferencesOf, RECIPIENT_MODEL, type RecipientDocument, timeZoneOf } from './recipient.schema';
import { REMINDER_DIGEST_MODEL, type ReminderDigestDocument } from './reminder-digest.schema';
import { REMINDER_MODEL, type ReminderDocument } from './reminder.schema';
import { type DeliveriesQuery, type RemindersQuery } from './reminders.dto';
import { decodeCursor, encodeCursor } from './page-cursor';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The delivery log as a practitioner reads it: both kinds of email in one collection. */
interface LoggedDelivery {
  _id: string;
  kind: string;
  subject?: string;
  status: string;
  createdAt: Date;
  sentAt?: Date;
}

/** What the API reads: preferences, the delivery log, reminders for staff. */
@Injectable()
export class ReminderQueries {
  constructor(
    @InjectModel(RECIPIENT_MODEL) private readonly recipients: Model<RecipientDocument>,
    @InjectModel(REMINDER_MODEL) private readonly reminders: Model<ReminderDocument>,
    @InjectModel(REMINDER_DIGEST_MODEL) private readonly deliveryLog: Model<ReminderDigestDocument>,
  ) {}

  async preferences(practitionerId: string) {
    const recipient = await this.recipients.findById(practitionerId, { preferences: 1, profile: 1 }).lean();
    return { ...preferencesOf(recipient), timezone: timeZoneOf(recipient) };
  }

  /** Newest first. */
  async deliveries(practitionerId: string, { limit, cursor }: DeliveriesQuery): Promise<Page<object>> {
    const filter: QueryFilter<LoggedDelivery> = { practitionerId };
    if (cursor) {
      const { sortValue, id } = decodeCursor(cursor);
      filter.$or = [{ createdAt: { $lt: sortValue } }, { createdAt: sortValue, _id: { $lt: id } }];
    }
    const found = await this.deliveryLog.collection
      .find<LoggedDelivery>(filter as object, {
        projection: { kind: 1, subject: 1, status: 1, createdAt: 1, sentAt: 1 },
        sort: { createdAt: -1, _id: -1 },
        limit: limit + 1,
      })
      .toArray();
    const items = found.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(({ _id, kind, subject, status, createdAt, sentAt }) => ({
        id: _id,
        kind,
        subject,
        status,
        createdAt: createdAt.toISOString(),
        sentAt: sentAt?.toISOString() ?? null,
      })),
      nextCursor: found.length > limit && last ? encodeCursor(last.createdAt, last._id) : null,
    };
  }

  /** Soonest due first. */
  async list({ practitionerId, status, dueBefore, limit, cursor }: RemindersQuery): Promise<Page<object>> {
    const filter: QueryFilter<ReminderDocument> = {
      ...(practitionerId && { practitionerId }),
      ...(status && { status }),
      ...(dueBefore && { dueAt: { $lt: new Date(dueBefore) } }),
    };
    if (cursor) {
      const { sortValue, id } = decodeCursor(cursor);
      filter.$and = [{ $or: [{ dueAt: { $gt: sortValue } }, { dueAt: sortValue, _id: { $gt: id } }] }];
    }
    const found = await this.reminders
      .find(filter)
      .sort({ dueAt: 1, _id: 1 })
      .limit(limit + 1)
      .lean();
    const items = found.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(({ _id, dueAt, createdAt, updatedAt, queuedAt, sentAt, ...reminder }) => ({
        id: _id,
        ...reminder,
        dueAt: dueAt.toISOString(),
        createdAt: createdAt.toISOString(),
        updatedAt: updatedAt.toISOString(),
        queuedAt: queuedAt?.toISOString(),
        sentAt: sentAt?.toISOString(),
      })),
      nextCursor: found.length > limit && last ? encodeCursor(last.dueAt, last._id) : null,
    };
  }
}
