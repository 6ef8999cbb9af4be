import { randomUUID } from 'node:crypto';

import { DEAD_LETTER_TOPIC, retryTopicOf } from '@cme/contracts';
import { type IHeaders, type Kafka, type KafkaMessage } from 'kafkajs';

import { type EventPublisher } from './event-publisher';
import { isBroadcastGroup } from './event-subscriber';
import { headerText, MessageHeaders, type MessageOrigin, originOf } from './message-headers';

/** One dead-lettered event as an operator sees it. */
export interface DeadLetter {
  /** `<partition>:<offset>` on the dead-letter topic: how commands name it. */
  id: string;
  partition: number;
  offset: string;
  key: string | null;
  eventId?: string;
  type?: string;
  /** The consumer group that gave up on it. */
  group: string;
  reason: string;
  error: string;
  attempts: number;
  origin: MessageOrigin;
  deadLetteredAt: string;
  traceparent?: string;
  headers: Record<string, string>;
  /** The message value as it was published. */
  value: Buffer | null;
}

export interface DeadLetterFilter {
  group?: string;
  type?: string;
  reason?: string;
}

/** Headers that describe the dead-lettering; a replay starts without them. */
const DEAD_LETTER_ONLY_HEADERS: readonly string[] = [
  MessageHeaders.group,
  MessageHeaders.deadLetterReason,
  MessageHeaders.deadLetteredAt,
  MessageHeaders.error,
];

/** Reading the whole topic should take seconds; this bounds a broker that stops answering. */
const READ_TIMEOUT_MS = 60_000;

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const entries = Object.keys(headers ?? {}).map((name) => [name, headerText(headers, name) ?? ''] as const);
  return Object.fromEntries(entries);
}

function toDeadLetter(topic: string, partition: number, message: KafkaMessage): DeadLetter {
  const headers = headerStrings(message.headers);
  return {
    id: `${partition}:${message.offset}`,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    eventId: headers[MessageHeaders.eventId],
    type: headers[MessageHeaders.eventType],
    group: headers[MessageHeaders.group] ?? '',
    reason: headers[MessageHeaders.deadLetterReason] ?? '',
    error: headers[MessageHeaders.error] ?? '',
    attempts: Number(headers[MessageHeaders.attempts] ?? 0),
    origin: originOf(topic, partition, message.offset, message.headers),
    deadLetteredAt: headers[MessageHeaders.deadLetteredAt] ?? '',
    traceparent: headers[MessageHeaders.traceparent],
    headers,
    value: message.value,
  };
}

/**
 * The dead-letter topic for operators: list what is there, look at one entry, and replay entries to the
 * consumer group that gave up on them (through that group's retry topic, with the attempt count reset).
 * A replayed event that was meanwhile handled is a duplicate to the group, which skips it.
 */
export class DeadLetterBox {
  readonly topic: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly topicPrefix = '',
  ) {
    this.topic = `${topicPrefix}${DEAD_LETTER_TOPIC}`;
  }

  /** Everything on the dead-letter topic up to its current end, oldest first per partition. */
  async list(filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
    const letters = await this.readToEnd();
    return letters.filter(
      (letter) =>
        (!filter.group || letter.group === filter.group) &&
        (!filter.type || letter.type === filter.type) &&
        (!filter.reason || letter.reason === filter.reason),
    );
  }

  /**
   * Sends the letters back to their groups' retry topics; answers how many were sent. Letters of broadcast
   * listeners are refused: their group ended with their instance, and the state they fed is loaded from the
   * database when an instance starts, so the fix is to restart the instances once the cause is fixed.
   */
  async replay(letters: readonly DeadLetter[], publisher: EventPublisher): Promise<number> {
    const unreplayable = letters.filter((letter) => isBroadcastGroup(letter.group));
    if (unreplayable.length > 0) {
      throw new Error(
        `${unreplayable.map((letter) => letter.id).join(', ')}: given up on by broadcast listeners, which replays cannot reach; fix the cause and restart the service's instances`,
      );
    }
    const now = String(Date.now());
    await Promise.all(
      letters.map((letter) => {
        const headers = Object.fromEntries(
          Object.entries(letter.headers).filter(([name]) => !DEAD_LETTER_ONLY_HEADERS.includes(name)),
        );
        return publisher.send(`${this.topicPrefix}${retryTopicOf(letter.group)}`, [
          {
            key: letter.key,
            value: letter.value,
            headers: { ...headers, [MessageHeaders.attempts]: '0', [MessageHeaders.notBefore]: now },
          },
        ]);
      }),
    );
    return letters.length;
  }

  /** Reads with a throwaway consumer group (kafkajs has no manual assignment), deleted afterwards. */
  private async readToEnd(): Promise<DeadLetter[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    const groupId = `cme-dead-letter-reader-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    try {
      const ends = await admin.fetchTopicOffsets(this.topic);
      const remaining = new Map(
        ends
          .filter((end) => BigInt(end.high) > BigInt(end.low))
          .map((end) => [end.partition, BigInt(end.high) - 1n] as const),
      );
      const letters: DeadLetter[] = [];
      if (remaining.size === 0) return letters;
      await consumer.connect();
      await consumer.subscribe({ topic: this.topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${this.topic} not read to its end within ${READ_TIMEOUT_MS} ms`)),
          READ_TIMEOUT_MS,
        );
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ topic, partition, message }) => {
              const last = remaining.get(partition);
              if (last === undefined || BigInt(message.offset) > last) return;
              letters.push(toDeadLetter(topic, partition, message));
              if (BigInt(message.offset) === last) remaining.delete(partition);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
      return letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    }
  }
}
