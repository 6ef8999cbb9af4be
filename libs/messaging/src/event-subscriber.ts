import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import {
  DEAD_LETTER_TOPIC,
  type DomainEvent,
  type EventData,
  type EventType,
  retryTopicOf,
  validateEvent,
} from '@cme/contracts';
import { type MetricsService } from '@cme/platform';
import { Logger } from '@nestjs/common';
import {
  type Admin,
  type Batch,
  type Consumer,
  type EachBatchPayload,
  type IHeaders,
  type Kafka,
  type KafkaMessage,
} from 'kafkajs';
import { type Gauge } from 'prom-client';

import { type Assignment, consumerLag } from './consumer-lag';
import { type EventPublisher } from './event-publisher';
import {
  errorText,
  headerText,
  MessageHeaders,
  type MessageOrigin,
  originHeaders,
  originOf,
} from './message-headers';
import { type ClaimOutcome, type ProcessedEventStore } from './processed-events';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-policy';
import { startConsuming } from './start-consuming';

export interface DeliveryInfo {
  topic: string;
  partition: number;
  offset: string;
  /** Failed attempts before this one: 0 on the first delivery. */
  attempt: number;
  traceparent?: string;
}

export type EventHandler<T extends EventType = EventType> = (
  event: DomainEvent<T> & { data: EventData<T> },
  delivery: DeliveryInfo,
) => Promise<void>;

export interface HandlerOptions {
  /**
   * The handler's write is conditional on the aggregate's version, so a redelivered event changes nothing
   * by itself: no processed-event record is kept for it.
   */
  versionConditional?: boolean;
}

export interface SubscriberOptions {
  /** The service's consumer group, shared by its instances; for a broadcast member, its own group. */
  groupId: string;
  /**
   * Every instance receives every event: the group is this member's alone (see {@link broadcastGroupId}),
   * starts at the topics' end, retries failed events in this process, and is deleted on stop.
   */
  broadcast?: boolean;
  /** Where a group without committed offsets starts: the topics' start (rebuilding read models), or end. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  /** See {@link KafkaSettings.topicPrefix}. */
  topicPrefix?: string;
  retry?: RetryPolicy;
  /** Required as soon as one handler is not version-conditional. */
  processedEvents?: ProcessedEventStore;
  metrics?: MetricsService;
  /** How long processed-event records are kept: longer than any redelivery (topic retention, replays). */
  processedRetentionMs?: number;
}

interface Registration {
  handler: EventHandler;
  dedupe: boolean;
}

/** A message read from a topic, decoded once. */
interface Delivery {
  message: KafkaMessage;
  info: DeliveryInfo;
  origin: MessageOrigin;
  type: string;
  event?: DomainEvent;
  registration?: Registration;
  /** Why the message breaks its contract. */
  invalid?: string;
}

type Outcome = 'handled' | 'duplicate' | 'ignored' | 'deferred' | 'failed' | 'invalid';

/** Claims and processed records are written per chunk: two database round trips per hundred events. */
const CHUNK_SIZE = 100;
const HEARTBEAT_INTERVAL_MS = 3000;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
const DEFAULT_PROCESSED_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const BROADCAST_GROUP_INFIX = '.broadcast.';

/** The consumer group of one instance's broadcast listeners: `<service group>.broadcast.<instance id>`. */
export function broadcastGroupId(serviceGroupId: string, instanceId: string): string {
  return `${serviceGroupId}${BROADCAST_GROUP_INFIX}${instanceId}`;
}

export function isBroadcastGroup(groupId: string): boolean {
  return groupId.includes(BROADCAST_GROUP_INFIX);
}

/**
 * A consumer group member that owns its offset commits, retries and dead letters, on plain kafkajs:
 *
 * - Partitions are consumed concurrently, each in order; offsets are committed explicitly, after the
 *   events before them were handled, retried or dead-lettered, so a crash redelivers instead of losing.
 * - Events are validated against their contract; one that breaks it goes to the dead-letter topic at once.
 * - Each event is claimed, handled, then recorded as processed in the service's database, so a redelivered
 *   or re-published event is skipped, also when another instance of the service receives it.
 * - A failed handling never blocks its partition: the event goes to the group's retry topic with the time
 *   before which it must not be tried again, and the partition moves on. After the last attempt the event
 *   goes to the dead-letter topic with the error, the attempt count and where it was first read.
 *
 * Why a retry topic rather than a delayed BullMQ job: a failed event stays in the same replicated log as the
 * original (durable as long as the event itself, whatever happens to Redis), no second system sits in the
 * consuming path, and replaying a dead letter is one more message on that topic. The retry topic is read by the same consumer: a message whose
 * `not-before` lies ahead pauses that retry partition until then, which delays only later retries, never the
 * event topics. A retried event may be handled after later events of its aggregate; handlers that care
 * about order are version-conditional.
 *
 * A broadcast member (one per instance, for state every instance keeps in memory) works the same way but for
 * failures: it retries them in this process, after the same backoff, while its partitions move on.
 */
export class EventSubscriber {
  private readonly logger = new Logger(EventSubscriber.name);
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private readonly handlers = new Map<string, Registration>();
  private readonly retryPolicy: RetryPolicy;
  private readonly owner = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  /** Paused retry partitions waiting to resume, and a broadcast member's retries waiting to run. */
  private readonly timers = new Set<NodeJS.Timeout>();
  /** This member's partitions, as of the last rebalance; lag is reported for these only. */
  private assignment: Assignment = {};
  /** Where this member began reading partitions the group had no committed offset for. */
  private readonly firstFetched = new Map<string, string>();
  private lagReported = new Map<string, { group: string; topic: string; partition: string }>();
  private pruneTimer?: NodeJS.Timeout;
  private stopLagReport?: () => void;
  private running = false;

  constructor(
    kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly options: SubscriberOptions,
  ) {
    this.retryPolicy = options.retry ?? DEFAULT_RETRY_POLICY;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      // A short long-poll keeps an idle consumer's first fetch (and so its readiness) quick.
      maxWaitTimeInMs: 1000,
      // A member that vanished (a crashed instance, or this one before a broker restart) holds up the
      // group's next rebalance until its session expires: 10 s instead of kafkajs's 30 s.
      sessionTimeout: 10_000,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
    });
    this.admin = kafka.admin();
  }

  get groupId(): string {
    return this.options.groupId;
  }

  /** This group's retry topic, with the deployment's topic prefix. */
  get retryTopic(): string {
    return `${this.options.topicPrefix ?? ''}${retryTopicOf(this.options.groupId)}`;
  }

  get deadLetterTopic(): string {
    return `${this.options.topicPrefix ?? ''}${DEAD_LETTER_TOPIC}`;
  }

  on<T extends EventType>(type: T, handler: EventHandler<T>, options: HandlerOptions = {}): this {
    if (this.handlers.has(type)) throw new Error(`a handler for ${type} is already registered`);
    // A broadcast group lives as long as its instance, and so would its records: its handlers must be idempotent.
    const dedupe = !this.options.broadcast && !options.versionConditional;
    if (dedupe && !this.options.processedEvents) {
      throw new Error(`${type}: a handler that is not version-conditional needs a processed-event store`);
    }
    this.handlers.set(type, { handler: handler as unknown as EventHandler, dedupe });
    return this;
  }

  get handledTypes(): string[] {
    return [...this.handlers.keys()];
  }

  /** Where a group without committed offsets starts reading; a broadcast group sees new events only. */
  private get fromBeginning(): boolean {
    return !this.options.broadcast && (this.options.fromBeginning ?? true);
  }

  /**
   * Starts consuming the given event topics (names without the prefix), and this group's retry topic unless
   * it is a broadcast member; resolves once it has joined the group and fetched, so that it misses nothing
   * published from then on.
   */
  async start(topics: readonly string[]): Promise<void> {
    if (this.handlers.size === 0) throw new Error(`consumer group ${this.groupId} has no event handlers`);
    const prefix = this.options.topicPrefix ?? '';
    const eventTopics = topics.map((topic) => `${prefix}${topic}`);
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: eventTopics, fromBeginning: this.fromBeginning });
    if (!this.options.broadcast) {
      await this.consumer.subscribe({ topics: [this.retryTopic], fromBeginning: true });
    }
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assignment = payload.memberAssignment;
    });
    this.running = true;
    await startConsuming(this.consumer, this.groupId, {
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.handleBatch(payload),
    });

    await this.admin.connect();
    this.stopLagReport = this.options.metrics?.observeConsumerLag((gauge) => this.reportLag(gauge));
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS).unref();
  }

  /** Sets this member's partitions' lag, and drops partitions it no longer holds. */
  private async reportLag(gauge: Gauge<'group' | 'topic' | 'partition'>): Promise<void> {
    const rows = await consumerLag(
      this.admin,
      this.groupId,
      this.assignment,
      (topic, partition) => this.firstFetched.get(`${topic}/${partition}`),
      this.fromBeginning,
    );
    const reported = new Map<string, { group: string; topic: string; partition: string }>();
    for (const row of rows) {
      const labels = { group: this.groupId, topic: row.topic, partition: String(row.partition) };
      gauge.set(labels, row.lag);
      reported.set(`${labels.topic}/${labels.partition}`, labels);
    }
    for (const [key, labels] of this.lagReported) if (!reported.has(key)) gauge.remove(labels);
    this.lagReported = reported;
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    // Heartbeats go on while a database call or a handler takes long, or the group drops this member.
    const keepAlive = setInterval(
      () => void payload.heartbeat().catch(() => undefined),
      HEARTBEAT_INTERVAL_MS,
    );
    try {
      await this.handleChunks(payload);
    } finally {
      clearInterval(keepAlive);
    }
  }

  private async handleChunks(payload: EachBatchPayload): Promise<void> {
    const { batch, pause, isRunning, isStale } = payload;
    const partitionKey = `${batch.topic}/${batch.partition}`;
    const firstOffset = batch.firstOffset();
    if (firstOffset !== null && !this.firstFetched.has(partitionKey))
      this.firstFetched.set(partitionKey, firstOffset);
    for (let start = 0; start < batch.messages.length; start += CHUNK_SIZE) {
      if (!isRunning() || isStale()) return;
      let chunk = batch.messages.slice(start, start + CHUNK_SIZE);
      const waitUntil = this.firstNotDue(batch, chunk);
      if (waitUntil) chunk = chunk.slice(0, waitUntil.index);
      await this.handleChunk(payload, chunk);
      if (waitUntil) {
        this.pauseUntil(pause, waitUntil.notBefore);
        return;
      }
    }
  }

  /** On the retry topic: the first message not yet due, and when it is. */
  private firstNotDue(batch: Batch, chunk: KafkaMessage[]): { index: number; notBefore: number } | undefined {
    if (batch.topic !== this.retryTopic) return undefined;
    const now = Date.now();
    const index = chunk.findIndex((message) => notBeforeOf(message.headers) > now);
    return index < 0 ? undefined : { index, notBefore: notBeforeOf(chunk[index].headers) };
  }

  /** Stops fetching the partition until `notBefore`; the unhandled message is fetched again then. */
  private pauseUntil(pause: EachBatchPayload['pause'], notBefore: number): void {
    const resume = pause();
    this.after(Math.max(0, notBefore - Date.now()), resume);
  }

  /**
   * Claims the chunk's events, handles them in order, records what was handled, then commits. When routing
   * a failure to the retry or dead-letter topic fails (the broker is gone), what was done so far is still
   * recorded and committed, and the error makes kafkajs fetch the rest again.
   */
  private async handleChunk(
    { batch, heartbeat, resolveOffset, isRunning, isStale }: EachBatchPayload,
    messages: KafkaMessage[],
  ): Promise<void> {
    if (messages.length === 0) return;
    const deliveries = messages.map((message) => this.decode(batch.topic, batch.partition, message));
    const claims = await this.claim(deliveries);
    const outcomes: Outcome[] = [];
    try {
      for (const delivery of deliveries) {
        if (!isRunning() || isStale()) break;
        outcomes.push(await this.process(delivery, claims.get(delivery)));
        await heartbeat();
      }
    } finally {
      const done = outcomes.length;
      await this.settle(batch, deliveries, outcomes);
      // kafkajs fetches on from the last resolved offset: what was not reached is fetched again.
      if (done > 0) resolveOffset(deliveries[done - 1].info.offset);
    }
  }

  private async claim(deliveries: Delivery[]): Promise<Map<Delivery, ClaimOutcome>> {
    const deduped = deliveries.filter((delivery) => delivery.registration?.dedupe);
    const store = this.options.processedEvents;
    if (!store || deduped.length === 0) return new Map();
    const first = new Map<string, Delivery>();
    for (const delivery of deduped) {
      if (!first.has(eventIdOf(delivery))) first.set(eventIdOf(delivery), delivery);
    }
    const unique = [...first.values()];
    const outcomes = await store.claim(unique.map(eventIdOf), this.owner);
    const claims = new Map<Delivery, ClaimOutcome>(
      unique.map((delivery, index) => [delivery, outcomes[index]]),
    );
    // A second copy of an event in one chunk is a duplicate of the first, which is handled (or retried).
    for (const delivery of deduped) if (!claims.has(delivery)) claims.set(delivery, { status: 'processed' });
    return claims;
  }

  /**
   * Records the handled events; lets go of the claims of failed attempts (their retry, or a replay of the
   * dead letter, may be received by another instance) and of events not reached; commits what was done.
   */
  private async settle(batch: Batch, deliveries: Delivery[], outcomes: Outcome[]): Promise<void> {
    const store = this.options.processedEvents;
    const done = outcomes.length;
    const handled: string[] = [];
    const unfinished: string[] = [];
    deliveries.forEach((delivery, index) => {
      if (!delivery.registration?.dedupe) return;
      const outcome = outcomes[index];
      if (outcome === 'handled') handled.push(eventIdOf(delivery));
      else if (outcome === undefined || outcome === 'failed') unfinished.push(eventIdOf(delivery));
    });
    await store?.markProcessed(handled);
    await store?.release(unfinished, this.owner);
    if (done === 0) return;
    const next = (BigInt(deliveries[done - 1].info.offset) + 1n).toString();
    await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
  }

  private decode(topic: string, partition: number, message: KafkaMessage): Delivery {
    const info: DeliveryInfo = {
      topic,
      partition,
      offset: message.offset,
      attempt: Number(headerText(message.headers, MessageHeaders.attempts) ?? 0),
      traceparent: headerText(message.headers, MessageHeaders.traceparent),
    };
    const delivery = { message, info, origin: originOf(topic, partition, message.offset, message.headers) };
    let candidate: unknown;
    try {
      candidate = JSON.parse(message.value?.toString('utf8') ?? 'null');
    } catch (error) {
      return { ...delivery, type: 'unknown', invalid: `not JSON: ${errorText(error)}` };
    }
    const type = (candidate as { type?: unknown } | null)?.type;
    if (typeof type !== 'string') return { ...delivery, type: 'unknown', invalid: 'no event type' };
    const registration = this.handlers.get(type);
    // Events of types this service does not handle are skipped unread: their contract is not ours to check.
    if (!registration) return { ...delivery, type };
    try {
      return { ...delivery, type, registration, event: validateEvent(candidate) };
    } catch (error) {
      return { ...delivery, type, invalid: errorText(error) };
    }
  }

  private async process(delivery: Delivery, claim: ClaimOutcome | undefined): Promise<Outcome> {
    const outcome = await this.outcomeOf(delivery, claim);
    this.options.metrics?.eventsConsumed.inc({ topic: delivery.info.topic, type: delivery.type, outcome });
    return outcome;
  }

  private async outcomeOf(delivery: Delivery, claim: ClaimOutcome | undefined): Promise<Outcome> {
    const { event, registration, info } = delivery;
    if (delivery.invalid !== undefined) {
      await this.deadLetter(delivery, 'invalid', delivery.invalid, info.attempt);
      return 'invalid';
    }
    if (!event || !registration) return 'ignored';
    if (claim?.status === 'processed') {
      this.logger.debug({ msg: 'duplicate event skipped', ...this.logContext(delivery) });
      return 'duplicate';
    }
    if (claim?.status === 'held') {
      // Another consumer holds the event (or crashed holding it): look again once its claim has expired.
      await this.retryLater(delivery, info.attempt, claim.until.getTime(), 'claimed by another consumer');
      return 'deferred';
    }
    try {
      await registration.handler(event, info);
    } catch (error) {
      const attempts = info.attempt + 1;
      if (attempts >= this.retryPolicy.maxAttempts) {
        await this.deadLetter(delivery, 'exhausted', errorText(error), attempts);
      } else {
        const delayMs = retryDelayMs(this.retryPolicy, attempts);
        this.logger.warn({
          msg: 'event handling failed; retrying later',
          error: errorText(error),
          attempts,
          retryInMs: delayMs,
          ...this.logContext(delivery),
        });
        if (this.options.broadcast) this.retryInProcess(delivery, attempts, delayMs);
        else await this.retryLater(delivery, attempts, Date.now() + delayMs, errorText(error));
        this.options.metrics?.eventsRetried.inc({ topic: delivery.origin.topic, type: delivery.type });
      }
      return 'failed';
    }
    this.logger.debug({ msg: 'event handled', ...this.logContext(delivery) });
    return 'handled';
  }

  /**
   * A broadcast member's retry: in this process, after the policy's backoff, bounded by its attempts like any
   * other. No other instance would take the event over (each reads in a group of its own), and what broadcast
   * listeners build lives in this process: a restart rebuilds it from the database, so a retry lost with the
   * process loses nothing. The partition moves on meanwhile, as with the retry topic.
   */
  private retryInProcess(delivery: Delivery, attempts: number, delayMs: number): void {
    const retry: Delivery = { ...delivery, info: { ...delivery.info, attempt: attempts } };
    this.after(delayMs, () => {
      this.process(retry, undefined).catch((error: unknown) =>
        this.logger.error({
          msg: 'broadcast retry could not be dead-lettered',
          error: errorText(error),
          ...this.logContext(retry),
        }),
      );
    });
  }

  /** Runs `action` after `delayMs` unless this member stops first. */
  private after(delayMs: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, delayMs);
    this.timers.add(timer);
  }

  private retryLater(delivery: Delivery, attempts: number, notBefore: number, error: string): Promise<void> {
    return this.publisher.send(this.retryTopic, [
      {
        key: delivery.message.key,
        value: delivery.message.value,
        headers: {
          ...delivery.message.headers,
          ...originHeaders(delivery.origin),
          [MessageHeaders.attempts]: String(attempts),
          [MessageHeaders.notBefore]: String(notBefore),
          [MessageHeaders.error]: error,
        },
      },
    ]);
  }

  private async deadLetter(
    delivery: Delivery,
    reason: 'invalid' | 'exhausted',
    error: string,
    attempts: number,
  ): Promise<void> {
    const headers: IHeaders = { ...delivery.message.headers };
    delete headers[MessageHeaders.notBefore];
    await this.publisher.send(this.deadLetterTopic, [
      {
        key: delivery.message.key,
        value: delivery.message.value,
        headers: {
          ...headers,
          ...originHeaders(delivery.origin),
          [MessageHeaders.attempts]: String(attempts),
          [MessageHeaders.error]: error,
          [MessageHeaders.group]: this.groupId,
          [MessageHeaders.deadLetterReason]: reason,
          [MessageHeaders.deadLetteredAt]: new Date().toISOString(),
        },
      },
    ]);
    this.options.metrics?.eventsDeadLettered.inc({
      topic: delivery.origin.topic,
      type: delivery.type,
      reason,
    });
    this.logger.error({ msg: 'event dead-lettered', reason, error, attempts, ...this.logContext(delivery) });
  }

  private logContext({ event, type, info, origin }: Delivery) {
    return {
      eventId: event?.id,
      type,
      traceparent: info.traceparent,
      topic: info.topic,
      partition: info.partition,
      offset: info.offset,
      origin,
    };
  }

  private async prune(): Promise<void> {
    const retention = this.options.processedRetentionMs ?? DEFAULT_PROCESSED_RETENTION_MS;
    try {
      await this.options.processedEvents?.prune(new Date(Date.now() - retention));
    } catch (error) {
      this.logger.warn({ msg: 'pruning processed-event records failed', error: errorText(error) });
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.pruneTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.stopLagReport?.();
    await this.consumer.disconnect();
    // A broadcast group belongs to this instance alone: left behind, one stale group would pile up per start.
    if (this.options.broadcast) await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
    await this.admin.disconnect();
  }
}

/** Only deliveries of handled, valid events are claimed. */
function eventIdOf(delivery: Delivery): string {
  return (delivery.event as DomainEvent).id;
}

function notBeforeOf(headers: IHeaders | undefined): number {
  return Number(headerText(headers, MessageHeaders.notBefore) ?? 0);
}
