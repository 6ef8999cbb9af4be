import { CourseEventTypes, Topics } from '@cme/contracts';
import { ThrowawayInfra, uniqueSuffix, waitFor } from '@cme/testing';

import { MessagingTestBed, sleep } from './messaging-harness';

/** The broker is stopped for 10 s while events are written, published and consumed, then restarted. */
describe('broker outage (throwaway Kafka, real MongoDB-wire server)', () => {
  let infra: ThrowawayInfra;
  let bed: MessagingTestBed;

  beforeAll(async () => {
    infra = await ThrowawayInfra.start(['kafka']);
    bed = await MessagingTestBed.open([infra.endpoints.KAFKA_BROKERS]);
  }, 180_000);

  afterAll(async () => {
    await bed?.close();
    await infra?.destroy();
  }, 180_000);

  it('loses nothing and handles nothing twice across a 10 s broker outage', async () => {
    const handled = new Map<string, number>();
    const subscriber = (await bed.subscriber(`outage-${uniqueSuffix()}`)).on(
      CourseEventTypes.updated,
      async (event) => void handled.set(event.id, (handled.get(event.id) ?? 0) + 1),
    );
    await subscriber.start([Topics.courses]);
    const relay = bed.relay(await bed.publisher(), { sweepIntervalMs: 500 });
    relay.start();

    const written: string[] = [];
    let writing = true;
    const writers = Array.from({ length: 8 }, async (_, writer) => {
      for (let version = 1; writing; version++) {
        const aggregateId = `outage-${writer}`;
        written.push((await bed.writeVersion(aggregateId, version)).id);
        relay.flushInBackground(aggregateId);
        await sleep(100);
      }
    });

    await sleep(3000);
    const beforeOutage = written.length;
    await infra.down('kafka');
    await sleep(10_000);
    const duringOutage = written.length - beforeOutage;
    await infra.up('kafka');
    await sleep(3000);
    writing = false;
    await Promise.all(writers);

    await waitFor(() => (written.every((id) => handled.has(id)) ? true : undefined), {
      timeoutMs: 90_000,
      what: `all ${written.length} written events handled`,
    });
    await sleep(2000);
    expect(duringOutage).toBeGreaterThan(100);
    expect(written.filter((id) => handled.get(id) !== 1)).toEqual([]);
    expect(handled.size).toBe(written.length);
    expect(await bed.outboxStore().backlog()).toBe(0);
  }, 180_000);
});
