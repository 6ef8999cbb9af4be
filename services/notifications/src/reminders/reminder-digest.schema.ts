import { Schema } from 'mongoose';

export const REMINDER_DIGEST_MODEL = 'ReminderDigest';

/**
 * queued → sending (claimed, before SMTP is spoken to) → sent | failed; queued → cancelled when nothing in it
 * is due any more. A digest left in `sending` by a crash is never sent again: once claimed, a second email
 * could only be a duplicate of one that may have gone out.
 */
export type DigestStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

/**
 * One reminder email in the delivery log (the `deliveries` collection, beside credit confirmations): the
 * reminders of one practitioner due the same day. Its id is derived from them and is the job id, so two
 * sweeps that gather the same reminders write one delivery and queue one job.
 */
export interface ReminderDigestDocument {
  _id: string;
  kind: 'reminder-digest';
  practitionerId: string;
  reminderIds: string[];
  dueAt: Date;
  status: DigestStatus;
  to?: string;
  subject?: string;
  createdAt: Date;
  claimedAt?: Date;
  sentAt?: Date;
  messageId?: string;
  error?: string;
}

export const ReminderDigestSchema = new Schema<ReminderDigestDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    practitionerId: { type: String, required: true },
    reminderIds: [String],
    dueAt: { type: Date, required: true },
    status: { type: String, required: true },
    to: String,
    subject: String,
    createdAt: { type: Date, required: true },
    claimedAt: Date,
    sentAt: Date,
    messageId: String,
    error: String,
  },
  { collection: 'deliveries', versionKey: false },
);

// What the sweep re-queues after Redis lost its jobs.
ReminderDigestSchema.index({ kind: 1, status: 1 });
// The sender's conditional writes (claim, finish, hand back) by id and status: see the same index on reminders.
ReminderDigestSchema.index({ _id: 1, status: 1 }, { unique: true });
