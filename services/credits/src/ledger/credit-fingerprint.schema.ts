import { Schema } from 'mongoose';

export const CREDIT_FINGERPRINT_MODEL = 'CreditFingerprint';

/**
 * The ledger entries of one practitioner that share one duplicate fingerprint (see `duplicateFingerprints`),
 * `_id` a digest of the practitioner and the fingerprint: duplicate detection reads a handful of documents by
 * `_id` instead of querying the ledger. Entries are added before they are stored and never removed, so the
 * list may name entries that were never stored, were voided or changed since: readers check each one.
 */
export interface CreditFingerprintDocument {
  _id: string;
  practitionerId?: string;
  entries: string[];
}

export const CreditFingerprintSchema = new Schema<CreditFingerprintDocument>(
  {
    _id: { type: String, required: true },
    practitionerId: String,
    entries: { type: [String], default: [] },
  },
  { collection: 'credit_fingerprints', versionKey: false },
);
