import { createHash } from 'node:crypto';

import { type DomainEvent } from '@cme/contracts';
import { type IHeaders } from 'kafkajs';

/** Kafka headers the messaging library writes and reads. */
export const MessageHeaders = {
  eventId: 'ce-id',
  eventType: 'ce-type',
  /** W3C trace context, so a trace follows an event from the write that caused it to every handler. */
  traceparent: 'traceparent',
  /** Failed handling attempts so far (absent on the original topic: none yet). */
  attempts: 'cme-attempts',
  /** Epoch milliseconds before which a retry must not be attempted. */
  notBefore: 'cme-not-before',
  /** The last handling error, or why the event broke its contract. */
  error: 'cme-error',
  /** Where the event was first read: kept across retries so a dead letter names its source. */
  originTopic: 'cme-origin-topic',
  originPartition: 'cme-origin-partition',
  originOffset: 'cme-origin-offset',
  /** The consumer group that gave up on the event; a replay goes back to that group only. */
  group: 'cme-group',
  /** `invalid` (broke its contract) or `exhausted` (every attempt failed). */
  deadLetterReason: 'cme-dead-letter-reason',
  deadLetteredAt: 'cme-dead-lettered-at',
} as const;

const MAX_ERROR_LENGTH = 1000;

export interface MessageOrigin {
  topic: string;
  partition: number;
  offset: string;
}

export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Where a message was first read: its own position, unless it is a retry carrying its origin. */
export function originOf(
  topic: string,
  partition: number,
  offset: string,
  headers?: IHeaders,
): MessageOrigin {
  const originTopic = headerText(headers, MessageHeaders.originTopic);
  if (originTopic === undefined) return { topic, partition, offset };
  return {
    topic: originTopic,
    partition: Number(headerText(headers, MessageHeaders.originPartition)),
    offset: headerText(headers, MessageHeaders.originOffset) ?? '',
  };
}

export function originHeaders(origin: MessageOrigin): Record<string, string> {
  return {
    [MessageHeaders.originTopic]: origin.topic,
    [MessageHeaders.originPartition]: String(origin.partition),
    [MessageHeaders.originOffset]: origin.offset,
  };
}

/** Error messages travel in headers; a bounded length keeps one odd stack from bloating every retry. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * The event's trace context, or one derived from its id when the write that caused it had none: every
 * event can then be followed across services, and a re-published event keeps its trace.
 */
export function traceparentOf(event: DomainEvent): string {
  if (event.traceparent) return event.traceparent;
  const digest = createHash('sha256').update(event.id).digest('hex');
  return `00-${digest.slice(0, 32)}-${digest.slice(32, 48)}-01`;
}
