import { createHash } from 'node:crypto';

import { type DomainEvent } from '@cme/contracts';
import { OutboxRelay } from '@cme/messaging';
import { isDuplicateKey } from '@cme/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Collection, type Model, type QueryFilter } from 'mongoose';

import { type CreditEntry } from './credit-entry';
import { type CreditListQuery } from './credit-entry.dto';
import { CREDIT_ENTRY_MODEL, type CreditEntryDocument } from './credit-entry.schema';
import {
  CREDIT_FINGERPRINT_MODEL,
  type CreditFingerprintsDocument,
  CREDITS_MIGRATIONS_COLLECTION,
  FINGERPRINTS_BACKFILL,
} from './credit-fingerprint.schema';
import { duplicateFingerprints } from './duplicate-detection';
import { LedgerErrors } from './ledger.errors';

type StoredEntry = Omit<CreditEntryDocument, 'outbox'>;

/** What compliance reads of an entry: what the requirements engine counts, without history or certificate. */
export type CountedCredit = Pick<
  CreditEntry,
  | 'id'
  | 'practitionerId'
  | 'version'
  | 'activity'
  | 'completedOn'
  | 'claimed'
  | 'voided'
  | 'possibleDuplicateOf'
>;

const COUNTED_FIELDS = {
  practitionerId: 1,
  version: 1,
  activity: 1,
  completedOn: 1,
  claimed: 1,
  voided: 1,
  possibleDuplicateOf: 1,
} as const;

type StoredCounted = Omit<CountedCredit, 'id'> & { _id: string };

function toCounted({ _id, ...stored }: StoredCounted): CountedCredit {
  return { id: _id, ...stored };
}

export interface CreditEntryPage {
  items: CreditEntry[];
  nextCursor: string | null;
}

/** Where a fingerprint's entries are listed in the practitioner's fingerprints document. */
const fingerprintField = (fingerprint: string) =>
  `fingerprints.${createHash('sha256').update(fingerprint).digest('hex').slice(0, 32)}`;

/** Recording order, as the first recording of a certificate is the one a duplicate points at. */
const byRecording = (a: StoredEntry, b: StoredEntry) =>
  a.recordedAt.getTime() - b.recordedAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

function toEntry({ _id, ...stored }: StoredEntry): CreditEntry {
  return { id: _id, ...stored };
}

function toDocument({ id, ...entry }: CreditEntry): Omit<CreditEntryDocument, 'outbox'> {
  return { _id: id, ...entry };
}

/** An opaque cursor: base64url of the last entry's completion date and id. */
function encodeCursor(entry: CreditEntry): string {
  return Buffer.from(JSON.stringify([entry.completedOn, entry.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(position) &&
      position.length === 2 &&
      position.every((part) => typeof part === 'string')
    ) {
      return position as [string, string];
    }
  } catch {
    // reported below, like any other cursor this service did not issue
  }
  throw LedgerErrors.cursorInvalid();
}

/**
 * The one place that reads and writes ledger entries. Each write is one single-document operation carrying
 * the events of the change in the entry's outbox, conditional on the version the change was made from.
 */
@Injectable()
export class CreditEntryRepository implements OnModuleInit {
  /** The collections themselves, for the driver's operations on the request path (see `insert`). */
  private readonly entryCollection: Collection<CreditEntryDocument>;
  private readonly fingerprintCollection: Collection<CreditFingerprintsDocument>;

  constructor(
    @InjectModel(CREDIT_ENTRY_MODEL) private readonly entries: Model<CreditEntryDocument>,
    @InjectModel(CREDIT_FINGERPRINT_MODEL) fingerprints: Model<CreditFingerprintsDocument>,
    @Inject(OutboxRelay) private readonly outbox: OutboxRelay,
  ) {
    this.entryCollection = entries.db.collection(entries.collection.collectionName);
    this.fingerprintCollection = fingerprints.db.collection(fingerprints.collection.collectionName);
  }

  /**
   * Lists every entry recorded before fingerprints existed under its fingerprints, once per database (before
   * the service answers requests): duplicate detection finds entries through them only.
   */
  async onModuleInit(): Promise<void> {
    const migrations = this.entries.db.collection<{ _id: string; at: Date }>(CREDITS_MIGRATIONS_COLLECTION);
    if (await migrations.findOne({ _id: FINGERPRINTS_BACKFILL })) return;
    const stored = this.entries.find({}, { outbox: 0 }).lean<StoredEntry>().cursor();
    for await (const entry of stored) await this.listFingerprints(toEntry(entry));
    await migrations.updateOne(
      { _id: FINGERPRINTS_BACKFILL },
      { $setOnInsert: { at: new Date() } },
      { upsert: true },
    );
  }

  /**
   * The practitioner's entry with this id; another practitioner's is as good as absent. Read by `_id` alone
   * and checked here: a query on more fields than a unique index holds scans the collection on a server that
   * uses no other index (mongo-java-server).
   */
  async findOne(practitionerId: string, id: string): Promise<CreditEntry | null> {
    const stored = await this.entries.findById(id, { outbox: 0 }).lean<StoredEntry>();
    return stored?.practitionerId === practitionerId ? toEntry(stored) : null;
  }

  /** Stores a new entry; `false` when an entry with its id exists already (an idempotent retry). */
  async insert(entry: CreditEntry, events: readonly DomainEvent[]): Promise<boolean> {
    try {
      // The driver's insert: the entry is built here from validated input, and a mongoose document made and
      // validated for one write costs the process more CPU than the driver's whole insert (profiled).
      await this.entryCollection.insertOne(
        { ...toDocument(entry), outbox: [...events] },
        { ignoreUndefined: true },
      );
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    this.outbox.flushInBackground(entry.id);
    return true;
  }

  /** Replaces the stored entry if it is still at `expectedVersion`; `false` when it changed first. */
  async saveIfVersion(
    entry: CreditEntry,
    expectedVersion: number,
    events: readonly DomainEvent[],
  ): Promise<boolean> {
    const { _id, ...fields } = toDocument(entry);
    const absent = (['certificate', 'possibleDuplicateOf', 'voidedAt'] as const).filter(
      (field) => entry[field] === undefined,
    );
    const result = await this.entries.updateOne(
      { _id, practitionerId: entry.practitionerId, version: expectedVersion },
      {
        $set: fields,
        ...(absent.length > 0 && { $unset: Object.fromEntries(absent.map((field) => [field, ''])) }),
        ...(events.length > 0 && { $push: { outbox: { $each: [...events] } } }),
      },
    );
    if (result.modifiedCount !== 1) return false;
    if (events.length > 0) this.outbox.flushInBackground(entry.id);
    return true;
  }

  /** One page of the practitioner's ledger, newest completion first, filtered as the query asks. */
  async findPage(practitionerId: string, query: CreditListQuery): Promise<CreditEntryPage> {
    const filter: QueryFilter<CreditEntryDocument> = { practitionerId };
    const alternatives: QueryFilter<CreditEntryDocument>[] = [];
    if (!query.includeVoided) filter.voided = false;
    if (query.from || query.to) {
      filter.completedOn = { ...(query.from && { $gte: query.from }), ...(query.to && { $lte: query.to }) };
    }
    if (query.type) filter['claimed.type'] = query.type;
    if (query.topic) {
      // A topic the activity lists, or one a claim has hours of (the requirements count both as the topic).
      alternatives.push({
        $or: [
          { 'activity.topics': query.topic },
          { [`claimed.topicHours.${query.topic}`]: { $exists: true } },
        ],
      });
    }
    if (query.source) filter.source = query.source;
    if (query.cursor) {
      const [completedOn, id] = decodeCursor(query.cursor);
      alternatives.push({ $or: [{ completedOn: { $lt: completedOn } }, { completedOn, _id: { $lt: id } }] });
    }
    if (alternatives.length > 0) filter.$and = alternatives;
    const found = await this.entries
      .find(filter, { outbox: 0 })
      .sort({ completedOn: -1, _id: -1 })
      .limit(query.limit + 1)
      .lean<StoredEntry[]>();
    const items = found.slice(0, query.limit).map(toEntry);
    const last = items.at(-1);
    return { items, nextCursor: found.length > items.length && last ? encodeCursor(last) : null };
  }

  /**
   * The practitioner's counted (not voided) entries that share a duplicate fingerprint with `entry`, in
   * recording order; lists `entry` under its fingerprints in the same operation, so that an entry stored after
   * this call is found by the next one. (Call it before every write that stores an entry's fingerprints: a
   * record, a correction.) Reads and writes by `_id` only: the cost does not grow with the collection.
   */
  async findDuplicateCandidates(entry: CreditEntry): Promise<CreditEntry[]> {
    const ids = (await this.listFingerprints(entry)).filter((id) => id !== entry.id);
    if (ids.length === 0) return [];
    const found = await this.entries.find({ _id: { $in: ids } }, { outbox: 0 }).lean<StoredEntry[]>();
    // Lists only grow: an entry named there may have been voided or corrected since.
    return found
      .filter((stored) => stored.practitionerId === entry.practitionerId && !stored.voided)
      .sort(byRecording)
      .map(toEntry);
  }

  /** Adds the entry to its fingerprints' lists; answers the entries they listed before. */
  private async listFingerprints(entry: CreditEntry): Promise<string[]> {
    const fields = duplicateFingerprints(entry).map(fingerprintField);
    // The driver's, not mongoose's: nothing to cast, and a third of the CPU (profiled).
    const add = () =>
      this.fingerprintCollection.findOneAndUpdate(
        { _id: entry.practitionerId },
        { $addToSet: Object.fromEntries(fields.map((field) => [field, entry.id])) },
        {
          upsert: true,
          returnDocument: 'before',
          projection: Object.fromEntries(fields.map((field) => [field, 1])),
        },
      );
    let before: CreditFingerprintsDocument | null;
    try {
      before = await add();
    } catch (error) {
      // The practitioner's first two listings at once: the other created the document, so this one updates it.
      if (!isDuplicateKey(error)) throw error;
      before = await add();
    }
    return [...new Set(Object.values(before?.fingerprints ?? {}).flat())];
  }

  /** Every entry of the practitioner, voided ones included (the compliance engine reads them all). */
  async findAll(practitionerId: string): Promise<CreditEntry[]> {
    const found = await this.entries.find({ practitionerId }, { outbox: 0 }).lean<StoredEntry[]>();
    return found.map(toEntry);
  }

  /** What the compliance engine counts of the practitioner's entries, voided ones included. */
  async findCounted(practitionerId: string): Promise<CountedCredit[]> {
    const found = await this.entries.find({ practitionerId }, COUNTED_FIELDS).lean<StoredCounted[]>();
    return found.map(toCounted);
  }

  /**
   * `findCounted` for many practitioners in one query, by practitioner id. The id range beside `$in` bounds the
   * read on any server: MongoDB's index scans only the listed ids, and a server that scans the collection
   * (mongo-java-server) rejects most entries on the cheap range test instead of comparing each with every id.
   */
  async findCountedOfMany(practitionerIds: readonly string[]): Promise<Map<string, CountedCredit[]>> {
    const ledgers = new Map<string, CountedCredit[]>(practitionerIds.map((id) => [id, []]));
    if (practitionerIds.length === 0) return ledgers;
    const ids = [...practitionerIds].sort();
    // ASCII ids order alike in JavaScript, MongoDB (UTF-8 bytes) and mongo-java-server (UTF-16 units).
    const range = ids.every((id) => /^[\x20-\x7e]*$/.test(id))
      ? { $gte: ids[0], $lte: ids[ids.length - 1] }
      : {};
    const found = await this.entries
      .find({ practitionerId: { ...range, $in: ids } }, COUNTED_FIELDS)
      .lean<StoredCounted[]>();
    for (const stored of found) ledgers.get(stored.practitionerId)?.push(toCounted(stored));
    return ledgers;
  }
}
