import { type DomainEvent } from '@cme/contracts';
import { Logger } from '@nestjs/common';

import { type EventPublisher } from './event-publisher';

/**
 * Where an aggregate keeps the events its last state changes caused, written in the same single-document
 * write as the change itself (the database offers no multi-document transactions).
 */
export interface OutboxStore {
  /** Ids of aggregates that still hold unpublished events, oldest first. */
  aggregatesWithPendingEvents(limit: number): Promise<string[]>;
  /** The aggregate's unpublished events, in the order they were written. */
  pendingEvents(aggregateId: string): Promise<DomainEvent[]>;
  /** Removes the given events once the broker has acknowledged them. */
  clearEvents(aggregateId: string, eventIds: readonly string[]): Promise<void>;
}

const SWEEP_BATCH = 100;

/**
 * Publishes outbox events, then clears them. A crash between publish and clear publishes again on the
 * next sweep; consumers are idempotent, so that costs a duplicate delivery, never a lost event.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  /** Flushes of one aggregate run one after another, so this process publishes its events in order. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: EventPublisher,
    private readonly sweepIntervalMs = 1000,
  ) {}

  /** Publishes one aggregate's pending events right after the write that created them. */
  flush(aggregateId: string): Promise<void> {
    const previous = this.inFlight.get(aggregateId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.publishPending(aggregateId));
    this.inFlight.set(aggregateId, next);
    const forget = () => {
      if (this.inFlight.get(aggregateId) === next) this.inFlight.delete(aggregateId);
    };
    next.then(forget, forget);
    return next;
  }

  /** Starts a flush without waiting for it: the write is already safe, and the sweep retries a failure. */
  flushInBackground(aggregateId: string): void {
    this.flush(aggregateId).catch((error: Error) =>
      this.logger.warn({
        msg: 'outbox publish deferred to the next sweep',
        aggregateId,
        error: error.message,
      }),
    );
  }

  private async publishPending(aggregateId: string): Promise<void> {
    const events = await this.store.pendingEvents(aggregateId);
    if (events.length === 0) return;
    await this.publisher.publish(events);
    await this.store.clearEvents(
      aggregateId,
      events.map((event) => event.id),
    );
  }

  /** Publishes leftovers: events whose immediate flush failed or was cut short by a crash. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    for (const aggregateId of await this.store.aggregatesWithPendingEvents(SWEEP_BATCH)) {
      await this.flush(aggregateId);
    }
  }

  start(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((error: Error) =>
        this.logger.warn({ msg: 'outbox sweep failed', error: error.message }),
      );
    }, this.sweepIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([this.sweeping, ...this.inFlight.values()]);
  }
}
