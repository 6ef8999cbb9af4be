import { CourseEventTypes, type DomainEvent, Topics } from '@cme/contracts';
import { type DeliveryInfo, type EventPublisher, headerText, MessageHeaders } from '@cme/messaging';
import { MetricsService } from '@cme/platform';
import { uniqueSuffix, waitFor } from '@cme/testing';
import { type KafkaMessage } from 'kafkajs';

import { courseEvent, MessagingTestBed, parsed, sleep } from './messaging-harness';

const FAST_RETRIES = { maxAttempts: 3, initialDelayMs: 300, maxDelayMs: 1000 };

/** Counts handler calls per event id. */
class CallLog {
  readonly calls: { event: DomainEvent; delivery: DeliveryInfo; at: number }[] = [];

  record(event: DomainEvent, delivery: DeliveryInfo): void {
    this.calls.push({ event, delivery, at: Date.now() });
  }

  count(eventId: string): number {
    return this.calls.filter((call) => call.event.id === eventId).length;
  }

  handled(eventId: string): Promise<true> {
    return waitFor(() => (this.count(eventId) > 0 ? true : undefined), { what: `event ${eventId} handled` });
  }
}

describe('event subscriber (real Kafka and MongoDB-wire server)', () => {
  let bed: MessagingTestBed;
  let producer: EventPublisher;

  beforeAll(async () => {
    bed = await MessagingTestBed.open();
    producer = await bed.publisher();
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('handles a duplicate delivery once, and passes the trace context to the handler', async () => {
    const metrics = new MetricsService();
    const log = new CallLog();
    const subscriber = (await bed.subscriber(`dup-${uniqueSuffix()}`, { metrics })).on(
      CourseEventTypes.updated,
      async (event, delivery) => log.record(event, delivery),
    );
    await subscriber.start([Topics.courses]);

    const event = courseEvent('dup-course', 1);
    const later = courseEvent('dup-course', 2);
    // Twice in one batch, and once more in a later one.
    await producer.publish([event, event]);
    await sleep(500);
    await producer.publish([event, later]);
    await log.handled(later.id);
    await sleep(300);
    expect(log.count(event.id)).toBe(1);
    expect(log.calls[0].delivery).toMatchObject({ attempt: 0, topic: bed.topic(Topics.courses) });
    expect(log.calls[0].delivery.traceparent).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);

    const consumed = await metrics.registry.getSingleMetricAsString('cme_events_consumed_total');
    expect(consumed).toContain('outcome="handled"} 2');
    expect(consumed).toContain('outcome="duplicate"} 2');
    await subscriber.stop();
  });

  it('retries a failing handler with backoff, then dead-letters it; other events of the partition go on', async () => {
    const metrics = new MetricsService();
    const log = new CallLog();
    const poison = courseEvent('poison-course', 1, 'poison');
    const groupId = `retry-${uniqueSuffix()}`;
    const subscriber = (await bed.subscriber(groupId, { retry: FAST_RETRIES, metrics })).on(
      CourseEventTypes.updated,
      async (event, delivery) => {
        log.record(event, delivery);
        if (event.data.title === 'poison') throw new Error('the read model refuses this course');
      },
    );
    await subscriber.start([Topics.courses]);

    // Same key, so same partition: the events behind the poison one must not wait for its retries.
    const behind = courseEvent('poison-course', 2, 'fine');
    await producer.publish([poison, behind]);
    await log.handled(behind.id);
    expect(log.count(poison.id)).toBe(1);

    const [letter] = await bed.readTopic(bed.deadLetterTopic(), (read) =>
      read.some((message) => parsed(message).id === poison.id),
    );
    expect(parsed(letter)).toEqual(poison);
    expect(headerText(letter.headers, MessageHeaders.deadLetterReason)).toBe('exhausted');
    expect(headerText(letter.headers, MessageHeaders.attempts)).toBe('3');
    expect(headerText(letter.headers, MessageHeaders.error)).toBe(
      'Error: the read model refuses this course',
    );
    expect(headerText(letter.headers, MessageHeaders.group)).toBe(groupId);
    expect(headerText(letter.headers, MessageHeaders.originTopic)).toBe(bed.topic(Topics.courses));
    const firstDelivery = log.calls.find((call) => call.event.id === poison.id)?.delivery;
    expect(headerText(letter.headers, MessageHeaders.originPartition)).toBe(String(firstDelivery?.partition));
    expect(headerText(letter.headers, MessageHeaders.originOffset)).toBe(firstDelivery?.offset);

    const attempts = log.calls.filter((call) => call.event.id === poison.id);
    expect(attempts.map((call) => call.delivery.attempt)).toEqual([0, 1, 2]);
    expect(attempts[1].delivery.topic).toBe(subscriber.retryTopic);
    // Backoff: 300 ms before the second attempt, 600 ms before the third.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(300);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(600);

    expect(await metrics.registry.getSingleMetricAsString('cme_events_retried_total')).toContain('} 2');
    expect(await metrics.registry.getSingleMetricAsString('cme_events_dead_lettered_total')).toContain(
      'reason="exhausted"} 1',
    );
    await subscriber.stop();
  });

  it('handles an event that succeeds on a retry exactly once', async () => {
    const log = new CallLog();
    let failuresLeft = 1;
    const event = courseEvent('flaky-course', 1);
    const subscriber = (await bed.subscriber(`flaky-${uniqueSuffix()}`, { retry: FAST_RETRIES })).on(
      CourseEventTypes.updated,
      async (received, delivery) => {
        log.record(received, delivery);
        if (received.id === event.id && failuresLeft-- > 0) throw new Error('database briefly away');
      },
    );
    await subscriber.start([Topics.courses]);
    await producer.publish([event]);
    await waitFor(() => (log.count(event.id) === 2 ? true : undefined));
    // Redelivering the original now finds it processed.
    await producer.publish([event]);
    await sleep(1500);
    expect(
      log.calls.filter((call) => call.event.id === event.id).map((call) => call.delivery.attempt),
    ).toEqual([0, 1]);
    await subscriber.stop();
  });

  it('dead-letters a schema-invalid event at once, without calling the handler', async () => {
    const log = new CallLog();
    const groupId = `invalid-${uniqueSuffix()}`;
    const subscriber = (await bed.subscriber(groupId)).on(CourseEventTypes.updated, async (event, delivery) =>
      log.record(event, delivery),
    );
    await subscriber.start([Topics.courses]);
    const broken = { ...courseEvent('broken-course', 1), data: { id: 'broken-course', credits: [] } };
    const valid = courseEvent('broken-course', 2);
    await producer.send(bed.topic(Topics.courses), [
      { key: 'broken-course', value: JSON.stringify(broken) },
      { key: 'broken-course', value: 'not json at all' },
      { key: 'broken-course', value: JSON.stringify(valid) },
    ]);
    await log.handled(valid.id);
    const letters = await bed.readTopic(bed.deadLetterTopic(), (read) =>
      read.some((message) => message.value?.toString() === 'not json at all'),
    );
    const invalid = letters.filter(
      (message) => headerText(message.headers, MessageHeaders.group) === groupId,
    );
    expect(invalid.map((message) => headerText(message.headers, MessageHeaders.deadLetterReason))).toEqual([
      'invalid',
      'invalid',
    ]);
    expect(invalid.map((message) => headerText(message.headers, MessageHeaders.attempts))).toEqual([
      '0',
      '0',
    ]);
    expect(headerText(invalid[0].headers, MessageHeaders.error)).toMatch(/data\.version/);
    expect(headerText(invalid[1].headers, MessageHeaders.error)).toMatch(/^not JSON/);
    expect(log.calls.map((call) => call.event.id)).toEqual([valid.id]);
    await subscriber.stop();
  });

  it('shares partitions between two instances of one service without handling anything twice', async () => {
    const groupId = `pair-${uniqueSuffix()}`;
    const logs = [new CallLog(), new CallLog()];
    const instances = await Promise.all(
      logs.map(async (log) =>
        (await bed.subscriber(groupId)).on(CourseEventTypes.updated, async (event, delivery) => {
          log.record(event, delivery);
          await sleep(2);
        }),
      ),
    );
    await instances[0].start([Topics.courses]);
    await instances[1].start([Topics.courses]);

    const events = Array.from({ length: 240 }, (_, index) => courseEvent(`pair-${index % 40}`, index + 1));
    for (let start = 0; start < events.length; start += 20)
      await producer.publish(events.slice(start, start + 20));
    // A redelivery of everything (a relay that re-published) on top.
    await producer.publish(events.slice(0, 60));

    const total = () => logs[0].calls.length + logs[1].calls.length;
    await waitFor(() => (total() >= events.length ? true : undefined), { timeoutMs: 60_000 });
    await sleep(1500);
    expect(total()).toBe(events.length);
    for (const event of events) expect(logs[0].count(event.id) + logs[1].count(event.id)).toBe(1);
    expect(logs[0].calls.length).toBeGreaterThan(0);
    expect(logs[1].calls.length).toBeGreaterThan(0);
    // Each partition belongs to one instance.
    const partitions = logs.map((log) => new Set(log.calls.map((call) => call.delivery.partition)));
    expect([...partitions[0]].filter((partition) => partitions[1].has(partition))).toEqual([]);
    await Promise.all(instances.map((instance) => instance.stop()));
  });

  it('reports consumer lag per partition on scrape', async () => {
    const metrics = new MetricsService();
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const subscriber = (await bed.subscriber(`lag-${uniqueSuffix()}`, { metrics })).on(
      CourseEventTypes.updated,
      () => gate,
    );
    await subscriber.start([Topics.courses]);
    const scrape = () => metrics.registry.getSingleMetricAsString('cme_consumer_lag_messages');
    const lagOf = (text: string) =>
      [...text.matchAll(/partition="\d+"} (\d+)/g)].map((match) => Number(match[1]));

    try {
      await producer.publish(Array.from({ length: 5 }, (_, index) => courseEvent('lag-course', index + 1)));
      // The handler holds the first event: nothing of the five is committed yet.
      await waitFor(async () => (lagOf(await scrape()).includes(5) ? true : undefined));
      const courseRows = (await scrape()).match(new RegExp(`topic="${bed.topic(Topics.courses)}"`, 'g'));
      expect(courseRows).toHaveLength(6);
    } finally {
      openGate();
    }
    await waitFor(async () => (lagOf(await scrape()).every((lag) => lag === 0) ? true : undefined));
    await subscriber.stop();
  });

  describe('broadcast members (one consumer group per instance)', () => {
    it('delivers every new event to every instance, and deletes each instance group when it stops', async () => {
      const service = `broadcast-${uniqueSuffix()}`;
      await producer.publish([courseEvent('before-start', 1)]);
      const seen = [new Map<string, number>(), new Map<string, number>()];
      const instances = await Promise.all(
        seen.map(async (log, index) =>
          (await bed.broadcastSubscriber(service, `instance-${index}`)).on(
            CourseEventTypes.updated,
            async (event) => {
              log.set(event.id, (log.get(event.id) ?? 0) + 1);
            },
          ),
        ),
      );
      await Promise.all(instances.map((instance) => instance.start([Topics.courses])));

      const events = Array.from({ length: 30 }, (_, index) =>
        courseEvent(`broadcast-${index % 10}`, index + 1),
      );
      await producer.publish(events);
      await waitFor(() => (seen.every((log) => log.size >= events.length) ? true : undefined));
      await sleep(500);
      for (const log of seen) {
        expect([...log.keys()].sort()).toEqual(events.map((event) => event.id).sort());
        expect([...log.values()].every((count) => count === 1)).toBe(true);
      }

      await Promise.all(instances.map((instance) => instance.stop()));
      const admin = bed.kafka.admin();
      await admin.connect();
      const { groups } = await admin.listGroups();
      await admin.disconnect();
      expect(groups.filter(({ groupId }) => groupId.startsWith(`${service}.broadcast.`))).toEqual([]);
    });

    it('retries a failing handler in its instance with backoff, then dead-letters it; the partition goes on', async () => {
      const metrics = new MetricsService();
      const service = `broadcast-retry-${uniqueSuffix()}`;
      const attempts: { event: DomainEvent; attempt: number; at: number }[] = [];
      const instance = (
        await bed.broadcastSubscriber(service, 'instance-0', {
          retry: FAST_RETRIES,
          metrics,
        })
      ).on(CourseEventTypes.updated, async (event, delivery) => {
        attempts.push({ event, attempt: delivery.attempt, at: Date.now() });
        if (event.data.title === 'poison') throw new Error('the index refuses this course');
      });
      await instance.start([Topics.courses]);

      const poison = courseEvent('broadcast-poison', 1, 'poison');
      const behind = courseEvent('broadcast-poison', 2, 'fine');
      await producer.publish([poison, behind]);
      // Earlier tests left other letters, some of them not JSON: matched by the event id header.
      const isPoison = (message: KafkaMessage) =>
        headerText(message.headers, MessageHeaders.eventId) === poison.id;
      const letters = await bed.readTopic(bed.deadLetterTopic(), (read) => read.some(isPoison));
      const letter = letters.find(isPoison) as KafkaMessage;
      expect(headerText(letter.headers, MessageHeaders.group)).toBe(`${service}.broadcast.instance-0`);
      expect(headerText(letter.headers, MessageHeaders.attempts)).toBe('3');
      expect(headerText(letter.headers, MessageHeaders.deadLetterReason)).toBe('exhausted');

      const poisonAttempts = attempts.filter((call) => call.event.id === poison.id);
      expect(poisonAttempts.map((call) => call.attempt)).toEqual([0, 1, 2]);
      expect(poisonAttempts[1].at - poisonAttempts[0].at).toBeGreaterThanOrEqual(300);
      expect(poisonAttempts[2].at - poisonAttempts[1].at).toBeGreaterThanOrEqual(600);
      // The event behind the failing one did not wait for its retries.
      const handledBehind = attempts.find((call) => call.event.id === behind.id);
      expect(handledBehind?.at).toBeLessThan(poisonAttempts[1].at);
      expect(await metrics.registry.getSingleMetricAsString('cme_events_retried_total')).toContain('} 2');
      await instance.stop();
    });
  });
});
