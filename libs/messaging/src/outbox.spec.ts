import { type DomainEvent } from '@cme/contracts';

import { type EventPublisher } from './event-publisher';
import { OutboxRelay, type OutboxStore } from './outbox';

function event(id: string, subject: string): DomainEvent {
  return { id, subject } as DomainEvent;
}

/** An in-memory outbox: the unit under test is the relay, not the database. */
class MemoryOutbox implements OutboxStore {
  constructor(readonly pending: Map<string, DomainEvent[]>) {}
  async aggregatesWithPendingEvents(limit: number) {
    return [...this.pending]
      .filter(([, events]) => events.length > 0)
      .map(([id]) => id)
      .slice(0, limit);
  }
  async pendingEvents(aggregateId: string) {
    return [...(this.pending.get(aggregateId) ?? [])];
  }
  async clearEvents(aggregateId: string, eventIds: readonly string[]) {
    this.pending.set(
      aggregateId,
      (this.pending.get(aggregateId) ?? []).filter((e) => !eventIds.includes(e.id)),
    );
  }
}

describe('outbox relay', () => {
  it("publishes an aggregate's events in order, then clears exactly those", async () => {
    const store = new MemoryOutbox(new Map([['c-1', [event('e-1', 'c-1'), event('e-2', 'c-1')]]]));
    const published: string[][] = [];
    const publisher = {
      publish: async (events: DomainEvent[]) => void published.push(events.map((e) => e.id)),
    };
    const relay = new OutboxRelay(store, publisher as unknown as EventPublisher);
    await relay.flush('c-1');
    expect(published).toEqual([['e-1', 'e-2']]);
    expect(store.pending.get('c-1')).toEqual([]);
  });

  it('keeps events when publishing fails, and the sweep publishes them later', async () => {
    const store = new MemoryOutbox(
      new Map([
        ['c-1', [event('e-1', 'c-1')]],
        ['c-2', [event('e-2', 'c-2')]],
      ]),
    );
    let brokerUp = false;
    const published: string[] = [];
    const publisher = {
      publish: async (events: DomainEvent[]) => {
        if (!brokerUp) throw new Error('broker unavailable');
        published.push(...events.map((e) => e.id));
      },
    };
    const relay = new OutboxRelay(store, publisher as unknown as EventPublisher);
    await expect(relay.flush('c-1')).rejects.toThrow('broker unavailable');
    expect(store.pending.get('c-1')).toHaveLength(1);

    brokerUp = true;
    await relay.sweep();
    expect(published.sort()).toEqual(['e-1', 'e-2']);
    expect(await store.aggregatesWithPendingEvents(10)).toEqual([]);
  });

  it('runs flushes of one aggregate one after another', async () => {
    const store = new MemoryOutbox(new Map([['c-1', [event('e-1', 'c-1')]]]));
    let concurrent = 0;
    let maxConcurrent = 0;
    const publisher = {
      publish: async () => {
        maxConcurrent = Math.max(maxConcurrent, ++concurrent);
        await new Promise((resolve) => setTimeout(resolve, 10));
        concurrent--;
      },
    };
    const relay = new OutboxRelay(store, publisher as unknown as EventPublisher);
    await Promise.all([relay.flush('c-1'), relay.flush('c-1'), relay.flush('c-1')]);
    expect(maxConcurrent).toBe(1);
  });
});
