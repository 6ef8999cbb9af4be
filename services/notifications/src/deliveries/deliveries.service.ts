import { type CreditRecorded } from '@cme/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Queue } from 'bullmq';
import { type Model } from 'mongoose';

import { Mailer } from '../mail/mailer';
import { EMAIL_JOB_DEFAULTS, emailJobId, EmailJobs } from '../queues/email/email-jobs';
import { EMAIL_QUEUE_TOKEN } from '../queues/email/email-queue.module';
import { creditConfirmationMail } from './credit-confirmation.mail';
import { DELIVERY_MODEL, type DeliveryDocument } from './delivery.schema';

@Injectable()
export class DeliveriesService {
  private readonly logger = new Logger(DeliveriesService.name);

  constructor(
    @InjectModel(DELIVERY_MODEL) private readonly deliveries: Model<DeliveryDocument>,
    @Inject(EMAIL_QUEUE_TOKEN) private readonly queue: Queue,
    @Inject(Mailer) private readonly mailer: Mailer,
  ) {}

  /**
   * Records the confirmation this credit owes, then queues its sending. Redelivery of the same event
   * finds the same delivery and the same job id, so the practitioner is mailed once.
   */
  async confirmCredit(eventId: string, credit: CreditRecorded, now = new Date()): Promise<void> {
    const deliveryId = `credit-confirmation-${credit.creditId}`;
    await this.deliveries.updateOne(
      { _id: deliveryId },
      {
        $setOnInsert: {
          kind: 'credit-confirmation',
          practitionerId: credit.practitionerId,
          ...(credit.recipient && { to: credit.recipient.email, recipientName: credit.recipient.name }),
          status: credit.recipient ? 'queued' : 'skipped',
          subject: `Credit recorded: ${credit.activity.title}`,
          content: {
            courseTitle: credit.activity.title,
            completedOn: credit.completedOn,
            claimed: credit.claimed,
          },
          causedBy: eventId,
          createdAt: now,
        },
      },
      { upsert: true },
    );
    const delivery = await this.deliveries.findById(deliveryId, { status: 1 }).lean();
    if (delivery?.status !== 'queued') return;
    await this.queue.add(
      EmailJobs.creditConfirmation,
      { deliveryId },
      { ...EMAIL_JOB_DEFAULTS, jobId: emailJobId(deliveryId) },
    );
  }

  /** Sends a queued credit confirmation; a delivery already sent is left alone. */
  async sendCreditConfirmation(deliveryId: string, now = new Date()): Promise<void> {
    const delivery = await this.deliveries.findById(deliveryId).lean();
    if (!delivery || delivery.status !== 'queued' || !delivery.to) return;
    const messageId = await this.mailer.send(creditConfirmationMail({ ...delivery, to: delivery.to }));
    await this.deliveries.updateOne(
      { _id: deliveryId, status: 'queued' },
      { $set: { status: 'sent', sentAt: now, messageId } },
    );
    this.logger.log({ msg: 'email sent', deliveryId, kind: delivery.kind });
  }
}
