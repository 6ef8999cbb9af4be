import { type DomainEvent } from '@cme/contracts';
import { Logger } from '@nestjs/common';

import { type EventPublisher } from './event-publisher';
import { OutboxRelay, type OutboxStore } from './outbox';

// Failed publishes are part of these scenarios; their warnings are not news here.
Logger.overrideLogger(false);

function event(id: string, subject: string): DomainEvent {
  return { id, subject } as DomainEvent;
}

/** An in-memory outbox with leases: the unit under test is the relay, not the database. */
class MemoryOutbox implements OutboxStore {
  readonly name = 'memory';
  readonly leases = new Map<string, { owner: string; until: number }>();
  constructor(readonly pending: Map<string, DomainEvent[]>) {}
  async aggregatesWithPendingEvents(limit: number) {
    return [...this.pending]
      .filter(([, events]) => events.length > 0)
      .map(([id]) => id)
      .slice(0, limit);
  }
  async acquireLeases(aggregateIds: readonly string[], owner: string, leaseMs: number) {
    await this.releaseLeases(owner);
    return aggregateIds.filter((aggregateId) => {
      const lease = this.leases.get(aggregateId);
      if (lease && lease.until > Date.now()) return false;
      this.leases.set(aggregateId, { owner, until: Date.now() + leaseMs });
      return true;
    });
  }
  async releaseLeases(owner: string) {
    for (const [aggregateId, lease] of this.leases)
      if (lease.owner === owner) this.leases.delete(aggregateId);
  }
  async pendingEvents(aggregateIds: readonly string[]) {
    const pending = new Map<string, DomainEvent[]>();
    for (const id of aggregateIds)
      if (this.pending.get(id)?.length) pending.set(id, [...(this.pending.get(id) ?? [])]);
    return pending;
  }
  async clearEvents(published: ReadonlyMap<string, readonly string[]>) {
    for (const [aggregateId, eventIds] of published) {
      this.pending.set(
        aggregateId,
        (this.pending.get(aggregateId) ?? []).filter((e) => !eventIds.includes(e.id)),
      );
    }
  }
  async backlog() {
    return [...this.pending.values()].reduce((sum, events) => sum + events.length, 0);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recordingPublisher(delayMs = 0) {
  const published: string[][] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const publisher = {
    publish: async (events: DomainEvent[]) => {
      maxConcurrent = Math.max(maxConcurrent, ++concurrent);
      await sleep(delayMs);
      published.push(events.map((e) => e.id));
      concurrent--;
    },
  };
  return { publisher: publisher as unknown as EventPublisher, published, maxConcurrent: () => maxConcurrent };
}

describe('outbox relay', () => {
  it("publishes an aggregate's events in order, then clears exactly those and releases its lease", async () => {
    const store = new MemoryOutbox(new Map([['c-1', [event('e-1', 'c-1'), event('e-2', 'c-1')]]]));
    const { publisher, published } = recordingPublisher();
    await new OutboxRelay(store, publisher).flush('c-1');
    expect(published).toEqual([['e-1', 'e-2']]);
    expect(store.pending.get('c-1')).toEqual([]);
    expect(store.leases.size).toBe(0);
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
    expect(store.leases.size).toBe(0);

    brokerUp = true;
    await relay.sweep();
    expect(published.sort()).toEqual(['e-1', 'e-2']);
    expect(await store.backlog()).toBe(0);
  });

  it('publishes in cycles, one at a time, each carrying every aggregate queued meanwhile', async () => {
    const store = new MemoryOutbox(
      new Map([
        ['c-1', [event('e-1', 'c-1')]],
        ['c-2', [event('e-2', 'c-2')]],
        ['c-3', [event('e-3', 'c-3')]],
      ]),
    );
    const { publisher, published, maxConcurrent } = recordingPublisher(10);
    const relay = new OutboxRelay(store, publisher);
    const first = relay.flush('c-1');
    await Promise.all([first, relay.flush('c-2'), relay.flush('c-3'), relay.flush('c-1')]);
    expect(maxConcurrent()).toBe(1);
    expect(published).toEqual([['e-1'], ['e-2', 'e-3']]);
  });

  it('lets one relay at a time publish an aggregate; the other publishes what arrived meanwhile', async () => {
    const store = new MemoryOutbox(new Map([['c-1', [event('e-1', 'c-1')]]]));
    const { publisher, published, maxConcurrent } = recordingPublisher(30);
    const first = new OutboxRelay(store, publisher);
    const second = new OutboxRelay(store, publisher);
    const flushing = first.flush('c-1');
    await sleep(5);
    store.pending.get('c-1')?.push(event('e-2', 'c-1'));
    await Promise.all([flushing, second.flush('c-1')]);
    expect(maxConcurrent()).toBe(1);
    expect(published.flat()).toEqual(['e-1', 'e-2']);
  });

  it('takes over the lease of a relay that crashed between publish and clear once it expires', async () => {
    const store = new MemoryOutbox(new Map([['c-1', [event('e-1', 'c-1')]]]));
    store.leases.set('c-1', { owner: 'crashed relay', until: Date.now() + 50 });
    const { publisher, published } = recordingPublisher();
    const relay = new OutboxRelay(store, publisher);
    await relay.sweep();
    expect(published).toEqual([]);
    await sleep(60);
    await relay.sweep();
    expect(published).toEqual([['e-1']]);
  });

  it('answers every flush that waited for another relay, once that relay let go', async () => {
    const store = new MemoryOutbox(new Map([['c-1', [event('e-1', 'c-1')]]]));
    store.leases.set('c-1', { owner: 'another relay', until: Date.now() + 10_000 });
    const { publisher, published } = recordingPublisher();
    const relay = new OutboxRelay(store, publisher);
    const flushes = [relay.flush('c-1')];
    await sleep(10);
    flushes.push(relay.flush('c-1'));
    await sleep(30);
    flushes.push(relay.flush('c-1'));
    store.leases.delete('c-1');
    await Promise.all(flushes);
    expect(published).toEqual([['e-1']]);
  });

  it('keeps looking after a write while another relay holds the lease, and publishes once it is let go', async () => {
    const store = new MemoryOutbox(new Map([['c-1', [event('e-1', 'c-1')]]]));
    store.leases.set('c-1', { owner: 'slow relay', until: Date.now() + 10_000 });
    const { publisher, published } = recordingPublisher();
    const flushed = new OutboxRelay(store, publisher).flush('c-1');
    // Past the quick looks (25, 100 and 400 ms), while the other relay still holds the aggregate.
    await sleep(700);
    expect(published).toEqual([]);
    store.leases.delete('c-1');
    await flushed;
    expect(published).toEqual([['e-1']]);
  });

  it('sweeps less often while there are no leftovers, and at once again after a failed flush', async () => {
    const store = new MemoryOutbox(new Map());
    let sweeps = 0;
    const count = store.aggregatesWithPendingEvents.bind(store);
    store.aggregatesWithPendingEvents = async (limit: number) => {
      sweeps++;
      return count(limit);
    };
    let brokerUp = true;
    const publisher = {
      publish: async () => {
        if (!brokerUp) throw new Error('broker unavailable');
      },
    };
    const relay = new OutboxRelay(store, publisher as unknown as EventPublisher, {
      sweepIntervalMs: 10,
      maxSweepIntervalMs: 80,
    });
    relay.start();
    await sleep(400);
    // 10, 20, 40, then every 80 ms: about 7 sweeps in 400 ms, where a fixed 10 ms interval makes 40.
    expect(sweeps).toBeLessThan(10);

    brokerUp = false;
    store.pending.set('c-1', [event('e-1', 'c-1')]);
    relay.flushInBackground('c-1');
    await sleep(30);
    brokerUp = true;
    // Well before the 80 ms the backed-off sweep would have waited.
    await sleep(30);
    expect(store.pending.get('c-1')).toEqual([]);
    await relay.stop();
  });
});
