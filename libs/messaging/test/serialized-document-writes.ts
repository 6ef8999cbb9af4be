import { type DomainEvent } from '@cme/contracts';

import { type OutboxStore } from '../src';

/**
 * FerretDB 1.x applies an update as read, modify, write back, without isolating concurrent updates of one
 * document (50 concurrent `$inc` of one field leave it at about 27): a relay's clear can undo a write that
 * lands in the same milliseconds, and the other way round. MongoDB applies each single-document update
 * atomically, which the outbox design relies on. Tests and the benchmark stand in for that atomicity by
 * running the writes to one aggregate (the writer's, and the relays' clears) one at a time in this process.
 */
export class DocumentLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(id: string, write: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(id) ?? Promise.resolve()).catch(() => undefined).then(write);
    this.tails.set(id, result);
    const forget = () => {
      if (this.tails.get(id) === result) this.tails.delete(id);
    };
    result.then(forget, forget);
    return result;
  }
}

/** The store, with each aggregate's clear taking that aggregate's {@link DocumentLocks} lock. */
export function withSerializedClears(store: OutboxStore, locks: DocumentLocks): OutboxStore {
  const clearOne = (aggregateId: string, events: readonly DomainEvent[]) =>
    locks.run(aggregateId, () => store.clearEvents(new Map([[aggregateId, events]])));
  return Object.assign(Object.create(store) as OutboxStore, {
    clearEvents: async (published: ReadonlyMap<string, readonly DomainEvent[]>) =>
      (
        await Promise.all([...published].map(([aggregateId, events]) => clearOne(aggregateId, events)))
      ).flat(),
  });
}
