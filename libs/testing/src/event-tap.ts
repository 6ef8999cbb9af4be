import { type DomainEvent } from '@cme/contracts';
import { waitFor } from '@cme/local-runtime';
import { startConsuming } from '@cme/messaging';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

import { type ConsumerGroupWatch } from './quiescence';
import { uniqueSuffix } from './service-harness';
import { testTopic } from './test-topics';

/**
 * Listens to the tests' copy of a topic ({@link testTopic}) from its current end with a throwaway consumer group, collecting what services
 * publish, so a test can assert on the real events on the broker. The topic must exist (topics are not
 * created on first use): open the tap once the service that provisions it has started.
 */
export class EventTap {
  readonly events: DomainEvent[] = [];
  /** The tap's own group, for {@link waitForQuiescence}: once it is quiet, `events` holds all there is. */
  readonly consumerGroup: ConsumerGroupWatch = { groupId: `event-tap-${uniqueSuffix()}` };
  private readonly consumer: Consumer;

  private constructor(brokers: string[]) {
    this.consumer = new Kafka({ clientId: 'event-tap', brokers, logLevel: logLevel.NOTHING }).consumer({
      groupId: this.consumerGroup.groupId,
      maxWaitTimeInMs: 200,
    });
  }

  static async open(topic: string, brokers = ['127.0.0.1:9092']): Promise<EventTap> {
    const tap = new EventTap(brokers);
    await tap.consumer.connect();
    await tap.consumer.subscribe({ topic: testTopic(topic), fromBeginning: false });
    await startConsuming(tap.consumer, tap.consumerGroup.groupId, {
      eachMessage: async ({ message }) => {
        tap.events.push(JSON.parse(message.value?.toString('utf8') ?? 'null') as DomainEvent);
      },
    });
    tap.consumerGroup.startedAt = new Date();
    return tap;
  }

  /** Waits for an event matching `predicate` and returns it. */
  waitFor(predicate: (event: DomainEvent) => boolean, timeoutMs = 20_000): Promise<DomainEvent> {
    return waitFor(() => this.events.find(predicate), { timeoutMs, what: 'a matching event on the topic' });
  }

  close(): Promise<void> {
    return this.consumer.disconnect();
  }
}
