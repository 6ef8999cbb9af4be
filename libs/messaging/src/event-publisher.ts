import { type DomainEvent, topicOf, validateEvent } from '@cme/contracts';
import { type MetricsService } from '@cme/platform';
import { CompressionTypes, type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';

import { MessageHeaders, traceparentOf } from './message-headers';
import { SerialDrain } from './serial-drain';

export interface PublisherOptions {
  /** See {@link KafkaSettings.topicPrefix}. */
  topicPrefix?: string;
  /** Counts what the broker acknowledged; absent in tools that publish outside a service. */
  metrics?: MetricsService;
}

interface QueuedSend {
  topic: string;
  messages: Message[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Bounds one produce request: a record batch per partition stays far below the broker's 1 MB limit. */
const MAX_MESSAGES_PER_REQUEST = 500;

/**
 * The service's one Kafka producer: idempotent (the broker drops a retried duplicate), acks from all in-sync
 * replicas, one request in flight so retries cannot reorder. Events are validated against their contract
 * before they leave; the message key is the event subject (the aggregate id), so one aggregate's events
 * land on one partition, in order.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private readonly queue: QueuedSend[] = [];
  private readonly sending = new SerialDrain(
    () => this.drain(),
    () => this.queue.length > 0,
  );
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly options: PublisherOptions = {},
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  /** The topic an event type is published on, with this deployment's prefix. */
  topicFor(type: DomainEvent['type']): string {
    return `${this.options.topicPrefix ?? ''}${topicOf(type)}`;
  }

  /** Publishes events in the order given; resolves once the broker has acknowledged every one. */
  async publish(events: readonly DomainEvent[]): Promise<void> {
    const valid = events.map((event) => validateEvent(event));
    await Promise.all(
      valid.map((event) =>
        this.send(this.topicFor(event.type), [
          {
            key: event.subject,
            value: JSON.stringify(event),
            headers: {
              [MessageHeaders.eventId]: event.id,
              [MessageHeaders.eventType]: event.type,
              [MessageHeaders.traceparent]: traceparentOf(event),
            },
          },
        ]),
      ),
    );
    for (const event of valid) {
      this.options.metrics?.eventsPublished.inc({ topic: this.topicFor(event.type), type: event.type });
    }
  }

  /** Sends already-encoded messages (retries, dead letters, replays) as they are. */
  send(topic: string, messages: Message[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ topic, messages, resolve, reject });
      this.sending.kick();
    });
  }

  /**
   * One request at a time, carrying everything queued while the previous one was in flight: concurrent
   * outbox flushes share a round trip instead of each waiting for the single in-flight slot. Queue order is
   * kept within each topic, so one aggregate's events keep their order.
   */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch: QueuedSend[] = [];
      let size = 0;
      while (
        this.queue.length > 0 &&
        (size === 0 || size + this.queue[0].messages.length <= MAX_MESSAGES_PER_REQUEST)
      ) {
        const next = this.queue.shift() as QueuedSend;
        batch.push(next);
        size += next.messages.length;
      }
      const byTopic = new Map<string, Message[]>();
      for (const { topic, messages } of batch) {
        const list = byTopic.get(topic);
        if (list) list.push(...messages);
        else byTopic.set(topic, [...messages]);
      }
      try {
        await this.producer.sendBatch({
          acks: -1,
          compression: CompressionTypes.None,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
        for (const send of batch) send.resolve();
      } catch (error) {
        for (const send of batch) send.reject(error);
      }
    }
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.sending.idle();
    await this.producer.disconnect();
  }
}
