import { Schema } from 'mongoose';

export const CREDIT_FINGERPRINT_MODEL = 'CreditFingerprints';

/**
 * One practitioner's duplicate fingerprints (see `duplicateFingerprints`), `_id` the practitioner's id: for
 * each fingerprint (by a digest of it, a valid field name) the entries that have it. Duplicate detection
 * reads and extends it in one operation by `_id` instead of querying the ledger. Entries are added before
 * they are stored and never removed, so a list may name entries that were never stored, were voided or
 * changed since: readers check each one. It grows by some 200 bytes per entry recorded or corrected.
 */
export interface CreditFingerprintsDocument {
  _id: string;
  fingerprints: Record<string, string[]>;
}

export const CreditFingerprintsSchema = new Schema<CreditFingerprintsDocument>(
  {
    _id: { type: String, required: true },
    fingerprints: { type: Schema.Types.Mixed, default: () => ({}) },
  },
  { collection: 'credit_fingerprints', versionKey: false, minimize: false },
);

export const CREDITS_MIGRATIONS_COLLECTION = 'credits_migrations';
/** The migration that listed the entries of a database from before fingerprints under theirs. */
export const FINGERPRINTS_BACKFILL = 'credit-fingerprints';
