import { Schema } from 'mongoose';

export const DELIVERY_MODEL = 'Delivery';

export type DeliveryStatus = 'queued' | 'sent' | 'skipped';

/**
 * One email the service owes or has sent. The id is derived from what caused it, so a redelivered event
 * finds the same delivery, and a delivery leaves `queued` once only.
 */
export interface DeliveryDocument {
  _id: string;
  kind: 'credit-confirmation';
  practitionerId: string;
  to?: string;
  recipientName?: string;
  status: DeliveryStatus;
  subject: string;
  content: {
    courseTitle: string;
    completedOn: string;
    claimed: { type: string; amount: number }[];
  };
  causedBy: string;
  createdAt: Date;
  sentAt?: Date;
  messageId?: string;
}

export const DeliverySchema = new Schema<DeliveryDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    practitionerId: { type: String, required: true },
    to: String,
    recipientName: String,
    status: { type: String, required: true },
    subject: { type: String, required: true },
    content: {
      courseTitle: String,
      completedOn: String,
      claimed: [new Schema({ type: String, amount: Number }, { _id: false })],
    },
    causedBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    sentAt: Date,
    messageId: String,
  },
  { collection: 'deliveries', versionKey: false },
);

DeliverySchema.index({ practitionerId: 1, createdAt: -1 });
