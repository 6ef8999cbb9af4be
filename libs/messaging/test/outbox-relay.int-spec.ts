import { CourseEventTypes, Topics } from '@cme/contracts';
import { type OutboxStore } from '@cme/messaging';
import { MetricsService } from '@cme/platform';
import { uniqueSuffix, waitFor } from '@cme/testing';

import { MessagingTestBed, parsed, sleep } from './messaging-harness';

describe('outbox relay (real Kafka and MongoDB-wire server)', () => {
  let bed: MessagingTestBed;

  beforeAll(async () => {
    bed = await MessagingTestBed.open();
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('publishes leftovers found by the sweep, then clears them from the aggregate', async () => {
    const metrics = new MetricsService();
    const publisher = await bed.publisher(metrics);
    const relay = bed.relay(publisher, { metrics });
    const first = await bed.writeVersion('sweep-1', 1);
    const second = await bed.writeVersion('sweep-1', 2);
    const third = await bed.writeVersion('sweep-2', 1);
    expect(await bed.outboxStore().backlog()).toBe(3);
    expect(await metrics.registry.getSingleMetricAsString('cme_outbox_backlog_events')).toBe(
      '# HELP cme_outbox_backlog_events Events written to aggregates but not yet published, by collection\n' +
        '# TYPE cme_outbox_backlog_events gauge',
    );

    relay.start();
    const messages = await bed.readTopic(bed.topic(Topics.courses), (read) => read.length >= 3);
    expect(messages.map((message) => parsed(message).id).sort()).toEqual(
      [first.id, second.id, third.id].sort(),
    );
    await waitFor(async () => ((await bed.outboxStore().backlog()) === 0 ? true : undefined));
    const docs = await bed.aggregates.find({ _id: { $in: ['sweep-1', 'sweep-2'] } }).lean();
    expect(docs.map((doc) => doc.outbox)).toEqual([[], []]);
    expect(await metrics.registry.getSingleMetricAsString('cme_outbox_backlog_events')).toContain(
      'cme_outbox_backlog_events{collection="aggregates"} 0',
    );
    expect(await metrics.registry.getSingleMetricAsString('cme_events_published_total')).toContain(
      `cme_events_published_total{topic="${bed.topic(Topics.courses)}",type="cme.catalog.course.updated.v1"} 3`,
    );
    await relay.stop();
  });

  it("leases a cycle's aggregates to one relay at a time, and one that expired to the next", async () => {
    const store = bed.outboxStore();
    expect(await store.acquireLeases(['lease-1', 'lease-2'], 'relay-a', 60_000)).toEqual([
      'lease-1',
      'lease-2',
    ]);
    expect(await store.acquireLeases(['lease-2', 'lease-3'], 'relay-b', 60_000)).toEqual(['lease-3']);
    await store.releaseLeases('relay-a');
    expect(await store.acquireLeases(['lease-2', 'lease-3'], 'relay-b', 60_000)).toEqual([
      'lease-2',
      'lease-3',
    ]);
    expect(await store.acquireLeases(['lease-3'], 'relay-c', 60_000)).toEqual([]);
    await store.releaseLeases('relay-b');
    // relay-c's lease names nothing after it gave lease-3 up; relay-d's own lease expires (a crashed relay).
    expect(await store.acquireLeases(['lease-3'], 'relay-d', 100)).toEqual(['lease-3']);
    await sleep(200);
    expect(await store.acquireLeases(['lease-3'], 'relay-e', 60_000)).toEqual(['lease-3']);
  });

  it("never publishes one aggregate's events out of order, with three relays flushing concurrently", async () => {
    const relays = await Promise.all(
      [0, 1, 2].map(async () => bed.relay(await bed.publisher(), { sweepIntervalMs: 200 })),
    );
    relays.forEach((relay) => relay.start());
    const aggregates = Array.from({ length: 12 }, (_, index) => `order-${index}`);
    const versions = 15;
    // Each aggregate is written by one sequential writer (as a conditional update would enforce), and every
    // write wakes a random relay: the relays race for the same aggregates all the time.
    await Promise.all(
      aggregates.map(async (aggregateId) => {
        for (let version = 1; version <= versions; version++) {
          await bed.writeVersion(aggregateId, version);
          relays[Math.floor(Math.random() * relays.length)].flushInBackground(aggregateId);
          if (version % 4 === 0) relays[version % relays.length].flushInBackground(aggregateId);
        }
      }),
    );
    const total = aggregates.length * versions;
    const messages = await bed.readTopic(
      bed.topic(Topics.courses),
      (read) => read.filter((message) => message.key?.toString().startsWith('order-')).length >= total,
      60_000,
    );
    const byAggregate = new Map<string, number[]>();
    for (const message of messages) {
      const event = parsed(message);
      if (!event.subject.startsWith('order-')) continue;
      byAggregate.set(event.subject, [
        ...(byAggregate.get(event.subject) ?? []),
        (event.data as { version: number }).version,
      ]);
    }
    const expected = Array.from({ length: versions }, (_, index) => index + 1);
    for (const aggregateId of aggregates) expect(byAggregate.get(aggregateId)).toEqual(expected);
    await Promise.all(relays.map((relay) => relay.stop()));
  });

  it('re-publishes after a relay is killed between publish and clear; the event is handled once', async () => {
    const handled: string[] = [];
    const subscriber = (await bed.subscriber(`killed-${uniqueSuffix()}`)).on(
      CourseEventTypes.updated,
      async (event) => void handled.push(event.id),
    );
    await subscriber.start([Topics.courses]);
    const store = bed.outboxStore();
    // The killed relay: the broker acknowledged its publish, then the process died before clearing (and so
    // before releasing its lease).
    const killed: OutboxStore = Object.assign(Object.create(store) as OutboxStore, {
      clearEvents: async () => {
        throw new Error('killed');
      },
      releaseLeases: async () => undefined,
    });
    const victim = bed.relay(await bed.publisher(), { leaseMs: 1500 }, killed);
    const event = await bed.writeVersion('killed-1', 1);
    await expect(victim.flush('killed-1')).rejects.toThrow('killed');

    const successor = bed.relay(await bed.publisher(), { leaseMs: 1500, sweepIntervalMs: 200 });
    successor.start();
    await sleep(500);
    expect((await store.pendingEvents(['killed-1'])).get('killed-1')).toHaveLength(1);
    const messages = await bed.readTopic(
      bed.topic(Topics.courses),
      (read) => read.filter((message) => parsed(message).id === event.id).length >= 2,
    );
    expect(messages.filter((message) => parsed(message).id === event.id)).toHaveLength(2);
    await waitFor(async () => ((await store.pendingEvents(['killed-1'])).size === 0 ? true : undefined));
    await waitFor(() => (handled.includes(event.id) ? true : undefined));
    await sleep(1000);
    expect(handled.filter((id) => id === event.id)).toHaveLength(1);
    await successor.stop();
    await subscriber.stop();
  });
});
