import { type DomainEvent } from '@cme/contracts';
import { type Collection, type Model, Schema } from 'mongoose';

import { type OutboxStore } from './outbox';
import { insertAllowingDuplicates } from './unordered-insert';

/** The field every outbox-carrying document adds to its schema: an array of event envelopes. */
export const outboxSchemaField = {
  outbox: { type: Schema.Types.Mixed, default: () => [] },
};

export interface OutboxDocument {
  _id: string;
  outbox: DomainEvent[];
}

interface LeaseDocument {
  _id: string;
  owner: string;
  until: Date;
}

/** Event ids are non-empty strings, so this matches exactly the documents with pending events (indexed). */
const HAS_PENDING_EVENTS = { 'outbox.id': { $gt: '' } };

/**
 * An {@link OutboxStore} over a mongoose model whose documents carry an `outbox` array. A clear pulls the
 * published events by id in one update of the aggregate: MongoDB applies it atomically, so a service write
 * landing in the same moment keeps its own change and its events.
 *
 * Leases live in their own small collection (`outbox_leases`), one document per aggregate being published:
 * taking one is an insert, which only the first relay wins; an expired one is taken over with an update
 * conditional on its expiry. Atomic updates do not make them unnecessary: two relays that both read an
 * outbox would publish its events twice and interleaved, out of order; the lease lets one at a time publish
 * an aggregate. Kept apart from the aggregate, they add no write to its document (a service's conditional
 * update never fails because a relay came by), leave its schema alone, and a batch of them is one insert.
 */
export class MongooseOutboxStore implements OutboxStore {
  private readonly leases: Collection<LeaseDocument>;
  readonly name: string;

  constructor(private readonly model: Model<OutboxDocument>) {
    this.name = model.collection.collectionName;
    this.leases = model.db.collection<LeaseDocument>('outbox_leases');
  }

  /** Lets MongoDB find pending events without scanning the aggregates. */
  async ensureIndexes(): Promise<void> {
    await this.model.collection.createIndex({ 'outbox.id': 1 }, { name: 'outbox_pending' });
  }

  private leaseId(aggregateId: string): string {
    return `${this.name}/${aggregateId}`;
  }

  async aggregatesWithPendingEvents(limit: number): Promise<string[]> {
    const docs = await this.model.find(HAS_PENDING_EVENTS, { _id: 1 }).limit(limit).lean();
    return docs.map((doc) => String(doc._id));
  }

  async acquireLeases(aggregateIds: readonly string[], owner: string, leaseMs: number): Promise<string[]> {
    const now = new Date();
    const until = new Date(now.getTime() + leaseMs);
    const refused = await insertAllowingDuplicates(
      this.leases,
      aggregateIds.map((aggregateId): LeaseDocument => ({ _id: this.leaseId(aggregateId), owner, until })),
    );
    const takenOver = await Promise.all(
      aggregateIds.map(async (aggregateId, index) => {
        if (!refused.has(index)) return true;
        const takeover = await this.leases.updateOne(
          { _id: this.leaseId(aggregateId), until: { $lt: now } },
          { $set: { owner, until } },
        );
        return takeover.modifiedCount === 1;
      }),
    );
    return aggregateIds.filter((_, index) => takenOver[index]);
  }

  async releaseLeases(aggregateIds: readonly string[], owner: string): Promise<void> {
    if (aggregateIds.length === 0) return;
    await this.leases.deleteMany({ _id: { $in: aggregateIds.map((id) => this.leaseId(id)) }, owner });
  }

  async pendingEvents(aggregateIds: readonly string[]): Promise<Map<string, DomainEvent[]>> {
    const docs = await this.model.find({ _id: { $in: [...aggregateIds] } }, { outbox: 1 }).lean();
    const pending = new Map(
      docs.map((doc) => [String(doc._id), (doc.outbox ?? []) as DomainEvent[]] as const),
    );
    // In the order asked for, which is the order the relay publishes them in.
    return new Map(
      aggregateIds.flatMap((id) =>
        (pending.get(id)?.length ?? 0) > 0 ? [[id, pending.get(id) ?? []] as const] : [],
      ),
    );
  }

  async clearEvents(published: ReadonlyMap<string, readonly string[]>): Promise<string[]> {
    const remaining = await Promise.all(
      [...published].map(async ([aggregateId, eventIds]) => {
        const doc = await this.model
          .findOneAndUpdate(
            { _id: aggregateId },
            { $pull: { outbox: { id: { $in: [...eventIds] } } } },
            // Publishing is not a change of the aggregate: no timestamps.
            { returnDocument: 'after', projection: { 'outbox.id': 1 }, timestamps: false },
          )
          .lean<{ outbox: { id: string }[] }>();
        // Whatever is left was written after the relay read the outbox.
        return (doc?.outbox.length ?? 0) > 0 ? [aggregateId] : [];
      }),
    );
    return remaining.flat();
  }

  async backlog(): Promise<number> {
    const [result] = await this.model.aggregate<{ events: number }>([
      { $match: HAS_PENDING_EVENTS },
      { $unwind: '$outbox' },
      { $count: 'events' },
    ]);
    return result?.events ?? 0;
  }
}
