import { type DomainEvent } from '@cme/contracts';
import { outboxSchemaField } from '@cme/messaging';
import { Schema } from 'mongoose';

export const CREDIT_ENTRY_MODEL = 'CreditEntry';

/** One recorded credit in a practitioner's ledger: recorded once, counted toward every requirement. */
export interface CreditEntryDocument {
  _id: string;
  practitionerId: string;
  completedOn: string;
  claimed: { type: string; amount: number }[];
  activity: { courseId?: string; courseVersion?: number; title: string; topics: string[] };
  recordedAt: Date;
  voided: boolean;
  outbox: DomainEvent[];
}

export const CreditEntrySchema = new Schema<CreditEntryDocument>(
  {
    _id: { type: String, required: true },
    practitionerId: { type: String, required: true },
    completedOn: { type: String, required: true },
    claimed: [new Schema({ type: String, amount: Number }, { _id: false })],
    activity: {
      courseId: String,
      courseVersion: Number,
      title: { type: String, required: true },
      topics: [String],
    },
    recordedAt: { type: Date, required: true },
    voided: { type: Boolean, default: false },
    ...outboxSchemaField,
  },
  { collection: 'credit_entries', versionKey: false, minimize: false },
);

CreditEntrySchema.index({ practitionerId: 1, completedOn: -1, _id: 1 });

export interface CreditEntryView {
  id: string;
  practitionerId: string;
  completedOn: string;
  claimed: { type: string; amount: number }[];
  activity: CreditEntryDocument['activity'];
  recordedAt: string;
  voided: boolean;
}

export function toCreditEntryView(entry: Omit<CreditEntryDocument, 'outbox'>): CreditEntryView {
  return {
    id: entry._id,
    practitionerId: entry.practitionerId,
    completedOn: entry.completedOn,
    claimed: entry.claimed.map(({ type, amount }) => ({ type, amount })),
    activity: entry.activity,
    recordedAt: entry.recordedAt.toISOString(),
    voided: entry.voided,
  };
}
