import { type DomainEvent } from '@cme/contracts';
import { outboxSchemaField } from '@cme/messaging';
import { Schema } from 'mongoose';

import { type CreditEntry } from './credit-entry';

export const CREDIT_ENTRY_MODEL = 'CreditEntry';

/** A ledger entry as stored: the entry beside its outbox (`_id` is the entry id). */
export type CreditEntryDocument = Omit<CreditEntry, 'id'> & { _id: string; outbox: DomainEvent[] };

export const CreditEntrySchema = new Schema<CreditEntryDocument>(
  {
    _id: { type: String, required: true },
    practitionerId: { type: String, required: true },
    version: { type: Number, required: true },
    source: { type: String, required: true, enum: ['catalog', 'outside'] },
    // Validated at the edge; stored as the API shows it.
    activity: { type: Schema.Types.Mixed, required: true },
    completedOn: { type: String, required: true },
    claimed: { type: Schema.Types.Mixed, required: true },
    certificate: { type: Schema.Types.Mixed },
    possibleDuplicateOf: String,
    distinctFrom: { type: [String], default: undefined },
    voided: { type: Boolean, required: true },
    voidedAt: Date,
    history: { type: Schema.Types.Mixed, required: true },
    idempotency: { type: Schema.Types.Mixed },
    recordedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaField,
  },
  { collection: 'credit_entries', versionKey: false, minimize: false },
);

// A practitioner's ledger in page order (newest completion first), and the whole ledger compliance reads.
// Duplicate detection reads no index of its own: it finds entries by `_id` through `credit_fingerprints`.
CreditEntrySchema.index({ practitionerId: 1, completedOn: -1, _id: -1 });
