import { CourseEventTypes, Topics } from '@cme/contracts';
import { type DeadLetter, DeadLetterBox, type DeliveryInfo } from '@cme/messaging';
import { uniqueSuffix, waitFor } from '@cme/testing';

import { courseEvent, MessagingTestBed, sleep } from './messaging-harness';

describe('dead-letter box: list, inspect, replay (real Kafka and MongoDB-wire server)', () => {
  let bed: MessagingTestBed;

  beforeAll(async () => {
    bed = await MessagingTestBed.open();
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('replays a dead-lettered event to its group once the cause is fixed; a second replay is a duplicate', async () => {
    const groupId = `box-${uniqueSuffix()}`;
    let fixed = false;
    const deliveries: DeliveryInfo[] = [];
    const subscriber = (
      await bed.subscriber(groupId, { retry: { maxAttempts: 2, initialDelayMs: 100, maxDelayMs: 100 } })
    ).on(CourseEventTypes.updated, async (_event, delivery) => {
      deliveries.push(delivery);
      if (!fixed) throw new Error('catalog course lacks a provider id');
    });
    await subscriber.start([Topics.courses]);
    const event = courseEvent('box-course', 1);
    await (await bed.publisher()).publish([event]);

    const box = new DeadLetterBox(bed.kafka, bed.prefix);
    const [letter] = await waitFor(async () => {
      const letters = await box.list({ group: groupId });
      return letters.length > 0 ? letters : undefined;
    });
    expect(letter).toMatchObject({
      eventId: event.id,
      type: CourseEventTypes.updated,
      key: 'box-course',
      group: groupId,
      reason: 'exhausted',
      attempts: 2,
      error: 'Error: catalog course lacks a provider id',
      origin: {
        topic: bed.topic(Topics.courses),
        partition: deliveries[0].partition,
        offset: deliveries[0].offset,
      },
    });
    expect(letter.id).toBe(`${letter.partition}:${letter.offset}`);
    expect(JSON.parse(letter.value?.toString() ?? '')).toEqual(event);
    expect(await box.list({ group: 'another-group' })).toEqual([]);

    fixed = true;
    const publisher = await bed.publisher();
    expect(await box.replay([letter], publisher)).toBe(1);
    await waitFor(() => (deliveries.length === 3 ? true : undefined));
    expect(deliveries[2]).toMatchObject({ topic: subscriber.retryTopic, attempt: 0 });

    await box.replay([letter], publisher);
    await sleep(2000);
    expect(deliveries).toHaveLength(3);
    await subscriber.stop();
  });

  it("refuses to replay a broadcast listener's dead letter: its group ended with its instance", async () => {
    const box = new DeadLetterBox(bed.kafka, bed.prefix);
    const letter = { id: '2:7', group: 'cme-catalog.broadcast.host-1-abc' } as DeadLetter;
    await expect(box.replay([letter], await bed.publisher())).rejects.toThrow(
      "2:7: given up on by broadcast listeners, which replays cannot reach; fix the cause and restart the service's instances",
    );
  });
});
