import { validateEvent, topicOf, type DomainEvent } from '@cme/contracts';
import { CompressionTypes, type Kafka, Partitioners, type Producer } from 'kafkajs';

/**
 * Publishes validated events with kafkajs's idempotent producer (acks from all in-sync replicas).
 * The message key is the event subject (the aggregate id), so one aggregate's events stay in order.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka) {
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

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, DomainEvent[]>();
    for (const event of events) {
      const valid = validateEvent(event);
      const topic = topicOf(valid.type);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), valid]);
    }
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, topicEvents]) => ({
        topic,
        messages: topicEvents.map((event) => ({
          key: event.subject,
          value: JSON.stringify(event),
          headers: {
            'ce-id': event.id,
            'ce-type': event.type,
            ...(event.traceparent ? { traceparent: event.traceparent } : {}),
          },
        })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
