import { type CourseSnapshot } from '@cme/contracts';
import { insertAllowingDuplicates, isDuplicateKey } from '@cme/platform';
import { loadRulePacks } from '@cme/requirements';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Queue } from 'bullmq';
import { type Model, type mongo, type QueryFilter } from 'mongoose';

import { Clock } from '../clock';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications-config';
import { EMAIL_JOB_DEFAULTS, type EmailJobData, EmailJobs } from '../queues/email/email-jobs';
import { EMAIL_QUEUE_TOKEN } from '../queues/email/email-queue.module';
import {
  preferencesOf,
  RECIPIENT_MODEL,
  type RecipientDocument,
  timeZoneOf,
} from '../reminders/recipient.schema';
import { localDateOf } from '../reminders/zoned-time';
import { CATALOG_COURSE_MODEL, type CatalogCourseDocument } from './catalog-course.schema';
import { COURSE_ALERT_MODEL, type CourseAlertDocument, courseAlertId } from './course-alert.schema';
import { type GapMatch, gapsClosedBy } from './course-gap-match';

const DAY_MS = 24 * 3600 * 1000;

/** A course scan job: the course, and the last practitioner the previous batch read. */
export interface CourseScanJob {
  courseId: string;
  after?: string;
}

/** Where a course scan stands after one batch: the next batch's start, if any. */
export interface ScanStep {
  alerts: number;
  next?: string;
}

/** The open gaps a course would close for a recipient who wants course alerts; none otherwise. */
export function alertGaps(
  course: CatalogCourseDocument,
  recipient: Pick<RecipientDocument, 'profile' | 'compliance' | 'preferences'> | null,
  now: Date,
): GapMatch[] {
  const preferences = preferencesOf(recipient);
  if (!preferences.remindersEnabled || !preferences.courseAlerts || !recipient) return [];
  const { profile, compliance } = recipient;
  if (!profile?.email || !profile.profession || !compliance) return [];
  return gapsClosedBy(
    course,
    { profession: profile.profession, requirements: compliance.requirements },
    localDateOf(now, timeZoneOf(recipient)),
    loadRulePacks(),
  );
}

/**
 * Course alerts: keeps the service's copy of the catalog, and when a course is newly published, finds the
 * practitioners whose open gaps it would close, in batches of COURSE_ALERT_BATCH (one scan job each, see
 * queues/course-alerts), writing one delivery per practitioner and course (its unique id keeps anyone from
 * hearing of a course twice) and queuing its email.
 */
@Injectable()
export class CourseAlerts {
  private readonly logger = new Logger(CourseAlerts.name);

  constructor(
    @InjectModel(CATALOG_COURSE_MODEL) private readonly courses: Model<CatalogCourseDocument>,
    @InjectModel(RECIPIENT_MODEL) private readonly recipients: Model<RecipientDocument>,
    @InjectModel(COURSE_ALERT_MODEL) private readonly alerts: Model<CourseAlertDocument>,
    @Inject(EMAIL_QUEUE_TOKEN) private readonly emails: Queue<EmailJobData>,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Stores a course snapshot unless a newer (or the same) version is there; true when the course is
   * published and was published recently enough to alert about (a replay of the catalog's history is not).
   */
  async applyCourse(snapshot: CourseSnapshot): Promise<boolean> {
    const { id, version, status, title, provider, format, topics, credits, professions, publishedAt } =
      snapshot;
    const { approvals, startsOn, endsOn, availableUntil, url, updatedAt } = snapshot;
    const course = { version, status, title, provider: provider.name, format, topics, credits, professions };
    const optional = Object.entries({ approvals, startsOn, endsOn, availableUntil, url });
    const absent = optional.filter(([, value]) => value === undefined).map(([key]) => [key, 1]);
    try {
      await this.courses.updateOne(
        { _id: id, version: { $lt: version } },
        {
          $set: {
            ...course,
            ...Object.fromEntries(optional.filter(([, value]) => value !== undefined)),
            ...(publishedAt && { publishedAt: new Date(publishedAt) }),
            updatedAt: new Date(updatedAt),
          },
          // What the previous version had and this one leaves out is gone.
          ...(absent.length > 0 && { $unset: Object.fromEntries(absent) }),
        },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const published = new Date(publishedAt ?? updatedAt).getTime();
    const windowStart = this.clock.now().getTime() - this.config.COURSE_ALERT_WINDOW_DAYS * DAY_MS;
    return snapshot.status === 'published' && published >= windowStart;
  }

  /** One batch of a course's scan: the recipients after `after`, by id. */
  async scan({ courseId, after }: CourseScanJob): Promise<ScanStep> {
    const course = await this.courses.findById(courseId).lean();
    if (course?.status !== 'published') return { alerts: 0 };
    const filter: QueryFilter<RecipientDocument> = {
      'profile.email': { $exists: true },
      compliance: { $exists: true },
      ...(course.professions.length > 0 && { 'profile.profession': { $in: course.professions } }),
      ...(after !== undefined && { _id: { $gt: after } }),
    };
    const batch = await this.recipients
      .find(filter, { profile: 1, compliance: 1, preferences: 1 })
      .sort({ _id: 1 })
      .limit(this.config.COURSE_ALERT_BATCH)
      .lean();
    const now = this.clock.now();
    const alerts: CourseAlertDocument[] = batch
      .filter((recipient) => alertGaps(course, recipient, now).length > 0)
      .map((recipient) => ({
        _id: courseAlertId(recipient._id, courseId),
        kind: 'course-alert',
        practitionerId: recipient._id,
        courseId,
        status: 'queued',
        createdAt: now,
      }));
    await insertAllowingDuplicates(
      this.alerts.collection as unknown as mongo.Collection<CourseAlertDocument>,
      alerts,
    );
    // Every match's job, the already-written ones too (a retried scan): BullMQ ignores an id it has, and
    // the sender's claim ignores an alert no longer queued.
    await this.emails.addBulk(
      alerts.map(({ _id }) => ({
        name: EmailJobs.courseAlert,
        data: { deliveryId: _id },
        opts: { ...EMAIL_JOB_DEFAULTS, jobId: _id },
      })),
    );
    if (alerts.length > 0) this.logger.log({ msg: 'course alerts queued', courseId, count: alerts.length });
    const full = batch.length === this.config.COURSE_ALERT_BATCH;
    return { alerts: alerts.length, ...(full && { next: batch.at(-1)?._id }) };
  }
}
