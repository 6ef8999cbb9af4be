import { Schema } from 'mongoose';

export const REMINDER_MODEL = 'Reminder';

/** scheduled → queued (swept into a digest) → sent | failed; scheduled or queued → cancelled. */
export const REMINDER_STATUSES = ['scheduled', 'queued', 'sent', 'failed', 'cancelled'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/** `deadline`: before a deadline, at an offset; `at-risk`: as soon as a requirement turns at risk. */
export type ReminderKind = 'deadline' | 'at-risk';

/**
 * One reminder owed to a practitioner about one requirement's deadline. MongoDB holds every reminder,
 * due or not; Redis holds only the digests about to be sent. The id is derived from the practitioner,
 * requirement, deadline and offset, so scheduling the same thing twice finds the same reminder.
 */
export interface ReminderDocument {
  _id: string;
  practitionerId: string;
  requirementId: string;
  requirementName: string;
  deadline: string;
  kind: ReminderKind;
  /** Days before the deadline (deadline reminders). */
  offsetDays?: number;
  dueAt: Date;
  status: ReminderStatus;
  /** The digest delivery that carries it, once queued. */
  digestId?: string;
  createdAt: Date;
  updatedAt: Date;
  queuedAt?: Date;
  sentAt?: Date;
  cancelledReason?: string;
}

export const ReminderSchema = new Schema<ReminderDocument>(
  {
    _id: { type: String, required: true },
    practitionerId: { type: String, required: true },
    requirementId: { type: String, required: true },
    requirementName: { type: String, required: true },
    deadline: { type: String, required: true },
    kind: { type: String, required: true },
    offsetDays: Number,
    dueAt: { type: Date, required: true },
    status: { type: String, required: true },
    digestId: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    queuedAt: Date,
    sentAt: Date,
    cancelledReason: String,
  },
  { collection: 'reminders', versionKey: false },
);

// The sweep's query (what is due, in its order); staff lists by practitioner; a digest's reminders.
ReminderSchema.index({ status: 1, dueAt: 1, practitionerId: 1 });
ReminderSchema.index({ practitionerId: 1, dueAt: 1 });
ReminderSchema.index({ digestId: 1 });
// Reminders long queued: the sweep looks among them for ones whose digest was never written.
ReminderSchema.index({ status: 1, queuedAt: 1 });
// The conditional writes by id (sweep claim: id and status; sender: id, status and digest). Redundant on
// MongoDB, whose `_id` index serves them; mongo-java-server uses an index only for a query on exactly its
// fields, and without these scans the whole collection for each such write (17 ms per write at 9,000
// reminders, growing with the collection). Unique because `_id` is.
ReminderSchema.index({ _id: 1, status: 1 }, { unique: true });
ReminderSchema.index({ _id: 1, status: 1, digestId: 1 }, { unique: true });

/** Deterministic: the same practitioner, requirement, deadline and offset always name the same reminder. */
export function reminderId(
  practitionerId: string,
  requirementId: string,
  deadline: string,
  offset: number | 'at-risk',
): string {
  return [practitionerId, requirementId, deadline, offset === 'at-risk' ? offset : `${offset}d`].join('/');
}
