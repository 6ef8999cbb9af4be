import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model } from 'mongoose';

import { Clock } from '../clock';
import { Mailer } from '../mail/mailer';
import { sendClaimed } from '../mail/send-claimed';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications-config';
import { RECIPIENT_MODEL, type RecipientDocument } from './recipient.schema';
import { REMINDER_DIGEST_MODEL, type ReminderDigestDocument } from './reminder-digest.schema';
import { reminderMail } from './reminder-mail';
import { isOpen, planReminders } from './reminder-plan';
import { REMINDER_MODEL, type ReminderDocument } from './reminder.schema';
import { unsubscribeLinks } from './unsubscribe-links';
import { UnsubscribeTokens } from './unsubscribe-tokens';

/**
 * Sends one reminder digest, at most once: the delivery is claimed (queued → sending) before SMTP is spoken
 * to, so a retried job, a second instance or a restart after a crash finds it claimed and sends nothing.
 * What is sent is decided now, from the newest compliance and preferences: a reminder whose requirement was
 * met meanwhile is cancelled instead.
 */
@Injectable()
export class ReminderSender {
  private readonly logger = new Logger(ReminderSender.name);

  constructor(
    @InjectModel(REMINDER_DIGEST_MODEL) private readonly digests: Model<ReminderDigestDocument>,
    @InjectModel(REMINDER_MODEL) private readonly reminders: Model<ReminderDocument>,
    @InjectModel(RECIPIENT_MODEL) private readonly recipients: Model<RecipientDocument>,
    @Inject(Mailer) private readonly mailer: Mailer,
    @Inject(UnsubscribeTokens) private readonly tokens: UnsubscribeTokens,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** `lastAttempt`: a transient failure now is recorded as final instead of handed back for a retry. */
  async send(digestId: string, lastAttempt: boolean): Promise<void> {
    const now = this.clock.now();
    const digest = await this.digests
      .findOneAndUpdate(
        { _id: digestId, status: 'queued' },
        { $set: { status: 'sending', claimedAt: now } },
        { returnDocument: 'after' },
      )
      .lean();
    if (!digest) return;
    const recipient = await this.recipients.findById(digest.practitionerId).lean();
    const stillDue = new Set(planReminders(recipient, now).map(({ id }) => id));
    const reminders = await this.reminders
      .find({ _id: { $in: digest.reminderIds } }, { status: 1, digestId: 1 })
      .lean();
    const mine = reminders.filter(
      (reminder) => reminder.status === 'queued' && reminder.digestId === digestId,
    );
    const due = mine.filter(({ _id }) => stillDue.has(_id)).map(({ _id }) => _id);
    const notDue = mine.filter(({ _id }) => !stillDue.has(_id)).map(({ _id }) => _id);
    await this.markReminders(notDue, digestId, 'cancelled', now, 'no longer due when sending');
    if (due.length === 0 || !recipient?.profile?.email) {
      await this.finish(digestId, { status: 'cancelled' });
      return;
    }
    const mail = reminderMail({
      to: recipient.profile.email,
      name: recipient.profile.name,
      requirements: (recipient.compliance?.requirements ?? [])
        .filter(isOpen)
        .sort((a, b) => a.deadline.localeCompare(b.deadline)),
      unsubscribe: unsubscribeLinks(this.tokens, this.config, digest.practitionerId, now),
      courseUrlOf: (courseId) =>
        `${this.config.PORTAL_URL.replace(/\/$/, '')}/courses/${encodeURIComponent(courseId)}`,
    });
    const messageId = await sendClaimed(this.mailer, mail, lastAttempt, {
      failed: async (error) => {
        await this.finish(digestId, { status: 'failed', to: mail.to, subject: mail.subject, error });
        await this.markReminders(due, digestId, 'failed', now);
        this.logger.warn({ msg: 'reminder email failed', digestId, error });
      },
      release: async () => {
        await this.digests.updateOne({ _id: digestId, status: 'sending' }, { $set: { status: 'queued' } });
      },
    });
    // The reminders first: a crash between the two writes leaves the digest `sending` (never sent again)
    // with its reminders rightly shown as sent.
    await this.markReminders(due, digestId, 'sent', now);
    await this.finish(digestId, {
      status: 'sent',
      to: mail.to,
      subject: mail.subject,
      sentAt: now,
      messageId,
    });
    this.logger.log({ msg: 'reminder email sent', digestId, reminders: due.length });
  }

  private async finish(digestId: string, outcome: Partial<ReminderDigestDocument>): Promise<void> {
    await this.digests.updateOne({ _id: digestId, status: 'sending' }, { $set: outcome });
  }

  private async markReminders(
    ids: string[],
    digestId: string,
    status: 'sent' | 'failed' | 'cancelled',
    now: Date,
    cancelledReason?: string,
  ): Promise<void> {
    if (ids.length === 0) return;
    // One conditional write per reminder, by exactly the fields of a unique index (see reminder.schema.ts).
    await this.reminders.bulkWrite(
      ids.map((_id) => ({
        updateOne: {
          filter: { _id, status: 'queued', digestId },
          update: {
            $set: {
              status,
              updatedAt: now,
              ...(status === 'sent' && { sentAt: now }),
              ...(cancelledReason && { cancelledReason }),
            },
          },
        },
      })),
      { ordered: false },
    );
  }
}
