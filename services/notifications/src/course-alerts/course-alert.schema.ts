import { createHash } from 'node:crypto';

import { Schema } from 'mongoose';

export const COURSE_ALERT_MODEL = 'CourseAlert';

/** queued → sending (claimed before SMTP is spoken to) → sent | failed; queued → cancelled. */
export type CourseAlertStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

/**
 * One course-alert email in the delivery log (`deliveries`, beside reminder digests and confirmations). Its
 * id is derived from the practitioner and the course, and is the job id: a practitioner hears of a course
 * once, however often the course is scanned or the job retried.
 */
export interface CourseAlertDocument {
  _id: string;
  kind: 'course-alert';
  practitionerId: string;
  courseId: string;
  status: CourseAlertStatus;
  to?: string;
  subject?: string;
  createdAt: Date;
  claimedAt?: Date;
  sentAt?: Date;
  messageId?: string;
  error?: string;
}

export const CourseAlertSchema = new Schema<CourseAlertDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    practitionerId: { type: String, required: true },
    courseId: { type: String, required: true },
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

const sha = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 40);

/** The unique key of the alert about `courseId` to `practitionerId` (no `:`, so it is a job id as it is). */
export function courseAlertId(practitionerId: string, courseId: string): string {
  return `course-alert-${sha(practitionerId, courseId)}`;
}

/** Job ids of a course's scan: its first batch, and the batch after a given practitioner. */
export function courseScanJobId(courseId: string, after?: string): string {
  return after === undefined ? `course-scan-${sha(courseId)}` : `course-scan-${sha(courseId)}-${sha(after)}`;
}
