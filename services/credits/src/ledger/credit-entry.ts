import { type ClaimedCredit } from '@cme/contracts';

/** What was done: a catalog course (its details copied from the catalog) or an outside activity. */
export interface CreditActivity {
  courseId?: string;
  courseVersion?: number;
  title: string;
  provider?: string;
  accreditor?: string;
  /** The accredited activity's own id (ACCME activity id, ACPE UAN): one activity counts once per day. */
  activityId?: string;
  format?: string;
  topics: string[];
  /** Approvals beyond accreditation (a state board's approved course), set by staff or declared. */
  approvals?: string[];
}

/** One entry of a change's history: who did what, when, and which fields went from what to what. */
export interface CreditChange {
  at: Date;
  /** The caller's id (the practitioner, or staff acting for them). */
  by: string;
  action: 'recorded' | 'corrected' | 'voided' | 'confirmed-distinct';
  changes?: { field: string; before: unknown; after: unknown }[];
}

/**
 * A credit in a practitioner's ledger: recorded once, counted toward every requirement it qualifies for.
 * Corrections keep their history; a void keeps the entry and stops it counting.
 */
export interface CreditEntry {
  id: string;
  practitionerId: string;
  version: number;
  source: 'catalog' | 'outside';
  activity: CreditActivity;
  completedOn: string;
  claimed: ClaimedCredit[];
  /** The certificate on file, with the hash that proves which file it is. */
  certificate?: { id: string; sha256: string };
  /** The entry this one seems to repeat; it counts once until the practitioner confirms it is distinct. */
  possibleDuplicateOf?: string;
  /** Entries the practitioner confirmed this one is not a duplicate of (never flagged again). */
  distinctFrom?: string[];
  voided: boolean;
  voidedAt?: Date;
  history: CreditChange[];
  /** The Idempotency-Key it was recorded with, and a digest of that request, to tell a retry from a reuse. */
  idempotency?: { key: string; requestDigest: string };
  recordedAt: Date;
  updatedAt: Date;
}
