import { validateEvent, type DomainEvent, type EventType, type EventData } from '@cme/contracts';
import { Logger } from '@nestjs/common';
import { type Consumer, type EachMessagePayload, type Kafka } from 'kafkajs';

export interface DeliveryInfo {
  topic: string;
  partition: number;
  offset: string;
}

export type EventHandler<T extends EventType = EventType> = (
  event: DomainEvent<T> & { data: EventData<T> },
  delivery: DeliveryInfo,
) => Promise<void>;

/**
 * A consumer group member that owns its offset commits: an offset is committed only after the event's
 * handler finished, so a crash re-delivers instead of losing. Partitions are consumed concurrently, each
 * in order. Events of a type this service does not handle are committed and skipped.
 */
export class EventSubscriber {
  private readonly logger = new Logger(EventSubscriber.name);
  private readonly consumer: Consumer;
  private readonly handlers = new Map<string, EventHandler>();
  private running = false;

  constructor(
    kafka: Kafka,
    readonly groupId: string,
    private readonly fromBeginning = true,
    private readonly partitionsConsumedConcurrently = 3,
  ) {
    // A short long-poll keeps an idle consumer's first fetch (and so its readiness) quick.
    this.consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 1000 });
  }

  on<T extends EventType>(type: T, handler: EventHandler<T>): this {
    if (this.handlers.has(type)) throw new Error(`a handler for ${type} is already registered`);
    this.handlers.set(type, handler as unknown as EventHandler);
    return this;
  }

  get handledTypes(): string[] {
    return [...this.handlers.keys()];
  }

  async start(topics: readonly string[]): Promise<void> {
    if (this.handlers.size === 0) throw new Error(`consumer group ${this.groupId} has no event handlers`);
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...topics], fromBeginning: this.fromBeginning });
    const joined = this.joinedGroup();
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
      eachMessage: (payload) => this.handle(payload),
    });
    this.running = true;
    await joined;
  }

  /**
   * Resolves once this member holds its partitions and has fetched from them once, i.e. its starting
   * offsets are resolved: from then on nothing published is missed, even by a group starting at the end.
   */
  private joinedGroup(timeoutMs = 60_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`consumer group ${this.groupId} not joined within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const offJoin = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        offJoin();
        const offFetch = this.consumer.on(this.consumer.events.FETCH, () => {
          offFetch();
          clearTimeout(timer);
          resolve();
        });
      });
    });
  }

  private async handle({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const delivery = { topic, partition, offset: message.offset };
    const event = this.parse(message.value, delivery);
    const handler = event && this.handlers.get(event.type);
    if (event && handler) {
      await handler(event, delivery);
      this.logger.debug({
        msg: 'event handled',
        eventId: event.id,
        type: event.type,
        traceparent: event.traceparent,
        ...delivery,
      });
    }
    await this.consumer.commitOffsets([
      { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
    ]);
  }

  /** An event that breaks its contract can never succeed: it is logged and skipped, never retried. */
  private parse(value: Buffer | null, delivery: DeliveryInfo): DomainEvent | undefined {
    try {
      return validateEvent(JSON.parse(value?.toString('utf8') ?? 'null'));
    } catch (error) {
      this.logger.error({ msg: 'invalid event skipped', error: (error as Error).message, ...delivery });
      return undefined;
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.consumer.disconnect();
  }
}
