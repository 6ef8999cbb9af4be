import { type Collection, mongo } from 'mongoose';

const DUPLICATE_KEY = 11000;

/**
 * Inserts documents unordered and answers the indexes of those refused as duplicates (their key exists);
 * any other failure is thrown. Claims are taken this way: the unique `_id` lets exactly one inserter win
 * each, without reading first, and a whole chunk costs one round trip.
 */
export async function insertAllowingDuplicates<T extends mongo.Document>(
  collection: Collection<T>,
  documents: mongo.OptionalUnlessRequiredId<T>[],
): Promise<Set<number>> {
  if (documents.length === 0) return new Set();
  try {
    await collection.insertMany(documents, { ordered: false });
    return new Set();
  } catch (error) {
    const writeErrors = error instanceof mongo.MongoBulkWriteError ? [error.writeErrors].flat() : [];
    if (writeErrors.length === 0 || writeErrors.some((failure) => failure.code !== DUPLICATE_KEY))
      throw error;
    return new Set(writeErrors.map((failure) => failure.index));
  }
}
