import { type ComplianceEvaluated, type PractitionerSnapshot } from '@cme/contracts';
import { insertAllowingDuplicates, isDuplicateKey } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, type mongo } from 'mongoose';

import { Clock } from '../clock';
import { RECIPIENT_MODEL, type RecipientDocument, type ReminderPreferences } from './recipient.schema';
import { planReminders } from './reminder-plan';
import { REMINDER_MODEL, type ReminderDocument, type ReminderStatus } from './reminder.schema';

/** Reminders not yet handed to SMTP: scheduling may still move or cancel them. */
const PENDING: ReminderStatus[] = ['scheduled', 'queued'];

/**
 * Keeps each practitioner's reminders in MongoDB in line with what they should be: after every compliance
 * evaluation, profile change and preference change, pending reminders no longer wanted are cancelled, wanted
 * ones created or moved. Idempotent: it works from the stored state alone, so a redelivered event or a
 * second instance doing the same changes nothing further.
 */
@Injectable()
export class ReminderScheduler {
  constructor(
    @InjectModel(RECIPIENT_MODEL) private readonly recipients: Model<RecipientDocument>,
    @InjectModel(REMINDER_MODEL) private readonly reminders: Model<ReminderDocument>,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async applyCompliance(evaluation: ComplianceEvaluated): Promise<void> {
    const { practitionerId, version, requirements } = evaluation;
    await this.writeNewer(practitionerId, 'compliance', version, { version, requirements });
    await this.reschedule(practitionerId);
  }

  async applyProfile(snapshot: PractitionerSnapshot): Promise<void> {
    const { id, version, name, email, timezone, profession } = snapshot;
    await this.writeNewer(id, 'profile', version, { version, name, email, timezone, profession });
    await this.reschedule(id);
  }

  async setPreferences(practitionerId: string, preferences: ReminderPreferences): Promise<void> {
    await this.recipients.updateOne(
      { _id: practitionerId },
      { $set: { preferences, updatedAt: this.clock.now() } },
      { upsert: true },
    );
    await this.reschedule(practitionerId);
  }

  async switchOff(practitionerId: string): Promise<void> {
    await this.recipients.updateOne(
      { _id: practitionerId },
      { $set: { 'preferences.remindersEnabled': false, updatedAt: this.clock.now() } },
      { upsert: true },
    );
    await this.reschedule(practitionerId);
  }

  /**
   * Stores an event-fed part of the recipient unless a newer (or the same) version is there already: the
   * filter then misses and the upsert's insert meets the existing id.
   */
  private async writeNewer(
    practitionerId: string,
    part: 'compliance' | 'profile',
    version: number,
    value: object,
  ): Promise<void> {
    try {
      await this.recipients.updateOne(
        {
          _id: practitionerId,
          $or: [{ [`${part}.version`]: { $exists: false } }, { [`${part}.version`]: { $lt: version } }],
        },
        { $set: { [part]: value, updatedAt: this.clock.now() } },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** Reconciles one practitioner's pending reminders with their plan. */
  async reschedule(practitionerId: string): Promise<void> {
    const now = this.clock.now();
    const recipient = await this.recipients.findById(practitionerId).lean();
    const planned = planReminders(recipient, now);
    const wanted = new Set(planned.map(({ id }) => id));
    const unwanted = (recipient?.reminderIds ?? []).filter((id) => !wanted.has(id));
    if (unwanted.length > 0) {
      await this.reminders.updateMany(
        { _id: { $in: unwanted }, status: { $in: PENDING } },
        { $set: { status: 'cancelled', cancelledReason: 'no longer due', updatedAt: now } },
      );
    }
    if (planned.length > 0) {
      // A scheduled reminder follows a new time zone or name, a cancelled one still ahead is wanted again;
      // queued ones are already on their way.
      await this.reminders.bulkWrite(
        planned.map(({ id, dueAt, requirementName }) => ({
          updateOne: {
            filter: {
              _id: id,
              status: { $in: dueAt >= now ? ['scheduled', 'cancelled'] : ['scheduled'] },
            },
            update: {
              $set: { status: 'scheduled', dueAt, requirementName, updatedAt: now },
              $unset: { cancelledReason: 1 },
            },
          },
        })),
        { ordered: false },
      );
      const fresh = planned.filter(({ dueAt }) => dueAt >= now);
      await insertAllowingDuplicates(
        this.reminders.collection as unknown as mongo.Collection<ReminderDocument>,
        fresh.map(({ id, ...reminder }) => ({
          _id: id,
          practitionerId,
          ...reminder,
          status: 'scheduled' as const,
          createdAt: now,
          updatedAt: now,
        })),
      );
    }
    await this.recipients.updateOne({ _id: practitionerId }, { $set: { reminderIds: [...wanted] } });
  }
}
