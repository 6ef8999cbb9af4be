import { type DomainEvent } from '@cme/contracts';
import { type Model, Schema } from 'mongoose';

import { type OutboxStore } from './outbox';

/** The field every outbox-carrying document adds to its schema: an array of event envelopes. */
export const outboxSchemaField = {
  outbox: { type: Schema.Types.Mixed, default: () => [] },
};

export interface OutboxDocument {
  _id: string;
  outbox: DomainEvent[];
}

/** An {@link OutboxStore} over a mongoose model whose documents carry an `outbox` array. */
export class MongooseOutboxStore implements OutboxStore {
  constructor(private readonly model: Model<OutboxDocument>) {}

  async aggregatesWithPendingEvents(limit: number): Promise<string[]> {
    const docs = await this.model
      .find({ outbox: { $elemMatch: { id: { $exists: true } } } }, { _id: 1 })
      .limit(limit)
      .lean();
    return docs.map((doc) => String(doc._id));
  }

  async pendingEvents(aggregateId: string): Promise<DomainEvent[]> {
    const doc = await this.model.findById(aggregateId, { outbox: 1 }).lean();
    return (doc?.outbox ?? []) as DomainEvent[];
  }

  async clearEvents(aggregateId: string, eventIds: readonly string[]): Promise<void> {
    await this.model.updateOne({ _id: aggregateId }, { $pull: { outbox: { id: { $in: [...eventIds] } } } });
  }
}
