import { type DomainEvent } from '@cme/contracts';
import { type Collection, type Model, Schema } from 'mongoose';

import { type OutboxStore } from './outbox';

/** The field every outbox-carrying document adds to its schema: an array of event envelopes. */
export const outboxSchemaField = {
  outbox: { type: Schema.Types.Mixed, default: () => [] },
};

export interface OutboxDocument {
  _id: string;
  outbox: DomainEvent[];
}

/** The aggregates one relay is publishing in its current cycle (a relay runs one cycle at a time). */
interface CycleLeaseDocument {
  /** `<collection>/<relay>`. */
  _id: string;
  collection: string;
  owner: string;
  aggregates: string[];
  until: Date;
}

/** Event ids are non-empty strings, so this matches exactly the documents with pending events (indexed). */
const HAS_PENDING_EVENTS = { 'outbox.id': { $gt: '' } };

/**
 * An {@link OutboxStore} over a mongoose model whose documents carry an `outbox` array. A clear pulls the
 * published events by id: MongoDB applies each document's update atomically, so a service write landing in
 * the same moment keeps its own change and its events.
 *
 * Leases live in their own small collection (`outbox_leases`), one document per relay cycle in flight that
 * lists the aggregates it publishes. Atomic updates do not make them unnecessary: two relays that read the
 * same outbox would both publish it, every event twice, the copies interleaved with later events. A relay
 * writes its cycle's lease, then looks for unexpired leases of other relays naming the same aggregates and
 * leaves those to them: of two overlapping cycles at least one sees the other (each looks after its own
 * write), so one aggregate is never published by two relays at once; when both see each other both leave
 * it, and look again shortly. A lease left by a relay that died expires. One lease per cycle rather than per
 * aggregate: a cycle of a hundred aggregates costs three small writes, not two hundred; and none of it
 * touches the aggregates, so a service's conditional update never fails because a relay came by.
 */
export class MongooseOutboxStore implements OutboxStore {
  private readonly leases: Collection<CycleLeaseDocument>;
  readonly name: string;

  constructor(private readonly model: Model<OutboxDocument>) {
    this.name = model.collection.collectionName;
    this.leases = model.db.collection<CycleLeaseDocument>('outbox_leases');
  }

  /**
   * Lets MongoDB find pending events without scanning the aggregates. (The leases need no index: there is one
   * per relay cycle in flight.)
   */
  async ensureIndexes(): Promise<void> {
    await this.model.collection.createIndex({ 'outbox.id': 1 }, { name: 'outbox_pending' });
  }

  private leaseId(owner: string): string {
    return `${this.name}/${owner}`;
  }

  async aggregatesWithPendingEvents(limit: number): Promise<string[]> {
    const docs = await this.model.find(HAS_PENDING_EVENTS, { _id: 1 }).limit(limit).lean();
    return docs.map((doc) => String(doc._id));
  }

  async acquireLeases(aggregateIds: readonly string[], owner: string, leaseMs: number): Promise<string[]> {
    const now = new Date();
    const lease: CycleLeaseDocument = {
      _id: this.leaseId(owner),
      collection: this.name,
      owner,
      aggregates: [...aggregateIds],
      until: new Date(now.getTime() + leaseMs),
    };
    await this.leases.replaceOne({ _id: lease._id }, lease, { upsert: true });
    const others = await this.leases
      .find(
        {
          _id: { $ne: lease._id },
          collection: this.name,
          aggregates: { $in: lease.aggregates },
          until: { $gt: now },
        },
        { projection: { aggregates: 1 } },
      )
      .toArray();
    const heldElsewhere = new Set(others.flatMap((other) => other.aggregates));
    if (heldElsewhere.size === 0) return lease.aggregates;
    const granted = lease.aggregates.filter((aggregateId) => !heldElsewhere.has(aggregateId));
    // Named no longer, they are free for the other relay when it looks again.
    await this.leases.updateOne({ _id: lease._id }, { $set: { aggregates: granted } });
    return granted;
  }

  async releaseLeases(owner: string): Promise<void> {
    // Leases of relays that died are removed with it: the collection holds only cycles in flight.
    await this.leases.deleteMany({
      collection: this.name,
      $or: [{ _id: this.leaseId(owner) }, { until: { $lt: new Date() } }],
    });
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

  async clearEvents(published: ReadonlyMap<string, readonly string[]>): Promise<void> {
    if (published.size === 0) return;
    // Event ids are unique, so pulling every id of the cycle from each of its aggregates removes exactly what
    // was published, in one round trip for the whole cycle. Publishing is not a change of the aggregate: no
    // timestamps.
    await this.model.updateMany(
      { _id: { $in: [...published.keys()] } },
      { $pull: { outbox: { id: { $in: [...published.values()].flat() } } } },
      { timestamps: false },
    );
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
