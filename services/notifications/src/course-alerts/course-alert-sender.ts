import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model } from 'mongoose';

import { Clock } from '../clock';
import { Mailer } from '../mail/mailer';
import { sendClaimed } from '../mail/send-claimed';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications-config';
import { RECIPIENT_MODEL, type RecipientDocument } from '../reminders/recipient.schema';
import { unsubscribeLinks } from '../reminders/unsubscribe-links';
import { UnsubscribeTokens } from '../reminders/unsubscribe-tokens';
import { CATALOG_COURSE_MODEL, type CatalogCourseDocument } from './catalog-course.schema';
import { courseAlertMail } from './course-alert-mail';
import { COURSE_ALERT_MODEL, type CourseAlertDocument } from './course-alert.schema';
import { alertGaps } from './course-alerts';

/**
 * Sends one course alert, at most once, as reminder digests are sent: claimed (queued → sending) before SMTP
 * is spoken to; decided from the newest state (preferences switched off, reminders unsubscribed, the gap
 * closed or the course retired meanwhile: cancelled); a 5xx reply recorded as failed and not retried.
 */
@Injectable()
export class CourseAlertSender {
  private readonly logger = new Logger(CourseAlertSender.name);

  constructor(
    @InjectModel(COURSE_ALERT_MODEL) private readonly alerts: Model<CourseAlertDocument>,
    @InjectModel(CATALOG_COURSE_MODEL) private readonly courses: Model<CatalogCourseDocument>,
    @InjectModel(RECIPIENT_MODEL) private readonly recipients: Model<RecipientDocument>,
    @Inject(Mailer) private readonly mailer: Mailer,
    @Inject(UnsubscribeTokens) private readonly tokens: UnsubscribeTokens,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async send(alertId: string, lastAttempt: boolean): Promise<void> {
    const now = this.clock.now();
    const alert = await this.alerts
      .findOneAndUpdate(
        { _id: alertId, status: 'queued' },
        { $set: { status: 'sending', claimedAt: now } },
        { returnDocument: 'after' },
      )
      .lean();
    if (!alert) return;
    const [course, recipient] = await Promise.all([
      this.courses.findById(alert.courseId).lean(),
      this.recipients.findById(alert.practitionerId).lean(),
    ]);
    const gaps = course ? alertGaps(course, recipient, now) : [];
    if (!course || !recipient?.profile?.email || gaps.length === 0) {
      await this.finish(alertId, { status: 'cancelled' });
      return;
    }
    const portal = this.config.PORTAL_URL.replace(/\/$/, '');
    const mail = courseAlertMail({
      to: recipient.profile.email,
      name: recipient.profile.name,
      course,
      courseUrl: course.url ?? `${portal}/courses/${encodeURIComponent(alert.courseId)}`,
      gaps,
      unsubscribe: unsubscribeLinks(this.tokens, this.config, alert.practitionerId, now),
    });
    const messageId = await sendClaimed(this.mailer, mail, lastAttempt, {
      failed: async (error) => {
        await this.finish(alertId, { status: 'failed', to: mail.to, subject: mail.subject, error });
        this.logger.warn({ msg: 'course alert failed', alertId, error });
      },
      release: async () => {
        await this.alerts.updateOne({ _id: alertId, status: 'sending' }, { $set: { status: 'queued' } });
      },
    });
    await this.finish(alertId, {
      status: 'sent',
      to: mail.to,
      subject: mail.subject,
      sentAt: now,
      messageId,
    });
    this.logger.log({ msg: 'course alert sent', alertId, courseId: alert.courseId });
  }

  private async finish(alertId: string, outcome: Partial<CourseAlertDocument>): Promise<void> {
    await this.alerts.updateOne({ _id: alertId, status: 'sending' }, { $set: outcome });
  }
}
