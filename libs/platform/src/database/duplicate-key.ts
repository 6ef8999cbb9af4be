import { mongo } from 'mongoose';

/** MongoDB's code for a write refused by a unique index. */
const DUPLICATE_KEY = 11000;

/**
 * Whether a driver error is a unique-index violation: the one error repositories turn into an outcome of
 * their own (an existing id, a lost race). Anywhere else it is a fault and answers 500.
 */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/**
 * The positions, in an unordered `insertMany`, of the documents refused as duplicates; any other failure is
 * thrown. Claims and leases are taken this way: many in one round trip, the first writer winning each.
 */
export async function insertAllowingDuplicates<T extends mongo.Document>(
  collection: mongo.Collection<T> | { insertMany: mongo.Collection<T>['insertMany'] },
  documents: mongo.OptionalUnlessRequiredId<T>[],
): Promise<Set<number>> {
  if (documents.length === 0) return new Set();
  try {
    await collection.insertMany(documents, { ordered: false });
    return new Set();
  } catch (error) {
    const writeErrors = error instanceof mongo.MongoBulkWriteError ? [error.writeErrors].flat() : [];
    if (writeErrors.length === 0 || writeErrors.some((failure) => !isDuplicateKey(failure))) throw error;
    return new Set(writeErrors.map((failure) => failure.index));
  }
}
