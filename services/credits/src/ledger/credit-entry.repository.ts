import { type DomainEvent } from '@cme/contracts';
import { OutboxRelay } from '@cme/messaging';
import { isDuplicateKey } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, type QueryFilter } from 'mongoose';

import { type CreditEntry } from './credit-entry';
import { type CreditListQuery } from './credit-entry.dto';
import { CREDIT_ENTRY_MODEL, type CreditEntryDocument } from './credit-entry.schema';
import { sameActivityIdPattern } from './duplicate-detection';
import { LedgerErrors } from './ledger.errors';

type StoredEntry = Omit<CreditEntryDocument, 'outbox'>;

export interface CreditEntryPage {
  items: CreditEntry[];
  nextCursor: string | null;
}

/** What identifies a certificate for duplicate detection: see `DuplicateDetector`. */
export interface DuplicateKeys {
  activityId?: string;
  courseId?: string;
  certificateSha256?: string;
  completedOn: string;
}

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
export class CreditEntryRepository {
  constructor(
    @InjectModel(CREDIT_ENTRY_MODEL) private readonly entries: Model<CreditEntryDocument>,
    @Inject(OutboxRelay) private readonly outbox: OutboxRelay,
  ) {}

  /** The practitioner's entry with this id; another practitioner's is as good as absent. */
  async findOne(practitionerId: string, id: string): Promise<CreditEntry | null> {
    const stored = await this.entries.findOne({ _id: id, practitionerId }, { outbox: 0 }).lean<StoredEntry>();
    return stored && toEntry(stored);
  }

  /** Stores a new entry; `false` when an entry with its id exists already (a concurrent idempotent retry). */
  async insert(entry: CreditEntry, events: readonly DomainEvent[]): Promise<boolean> {
    try {
      await this.entries.create({ ...toDocument(entry), outbox: [...events] });
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

  /** The practitioner's counted (not voided) entries that share an activity, a certificate or a date with one. */
  async findDuplicateCandidates(practitionerId: string, keys: DuplicateKeys): Promise<CreditEntry[]> {
    const matches: QueryFilter<CreditEntryDocument>[] = [{ completedOn: keys.completedOn }];
    if (keys.activityId) matches.push({ 'activity.activityId': sameActivityIdPattern(keys.activityId) });
    if (keys.courseId) matches.push({ 'activity.courseId': keys.courseId });
    if (keys.certificateSha256) matches.push({ 'certificate.sha256': keys.certificateSha256 });
    const found = await this.entries
      .find({ practitionerId, voided: false, $or: matches }, { outbox: 0 })
      .sort({ recordedAt: 1, _id: 1 })
      .lean<StoredEntry[]>();
    return found.map(toEntry);
  }

  /** Every entry of the practitioner, voided ones included (the compliance engine reads them all). */
  async findAll(practitionerId: string): Promise<CreditEntry[]> {
    const found = await this.entries.find({ practitionerId }, { outbox: 0 }).lean<StoredEntry[]>();
    return found.map(toEntry);
  }
}
