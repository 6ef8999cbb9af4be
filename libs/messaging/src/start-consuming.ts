import { type Consumer, type ConsumerRunConfig } from 'kafkajs';

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Runs a subscribed consumer and resolves once it has joined its group and fetched from its partitions
 * once. A group without committed offsets resolves where it starts (a topic's start or end) at that first
 * fetch, so from then on nothing published is missed, also by a group that starts at the end: consumers that
 * follow only new events (broadcast listeners, test taps) must not report ready earlier.
 */
export async function startConsuming(
  consumer: Consumer,
  groupId: string,
  config: ConsumerRunConfig,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<void> {
  const listeners: (() => void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  const fetching = new Promise<void>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`consumer group ${groupId} not joined and fetching within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const offJoin = consumer.on(consumer.events.GROUP_JOIN, () => {
      offJoin();
      listeners.push(consumer.on(consumer.events.FETCH, () => resolve()));
    });
    listeners.push(offJoin);
  });
  try {
    await consumer.run(config);
    await fetching;
  } finally {
    clearTimeout(timer);
    for (const off of listeners) off();
  }
}
