import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { type DomainEvent } from '@cme/contracts';
import { type MetricsService } from '@cme/platform';
import { Logger } from '@nestjs/common';

import { type EventPublisher } from './event-publisher';
import { errorText } from './message-headers';
import { SerialDrain } from './serial-drain';

/**
 * Where aggregates keep the events their last state changes caused, written in the same single-document
 * write as the change itself (the database offers no multi-document transactions), and the per-aggregate
 * leases that let one relay at a time publish them. Every operation takes many aggregates at once, so that
 * a relay under load spends a few database round trips on a whole batch.
 */
export interface OutboxStore {
  /** Names the outbox in metrics and logs (the collection). */
  readonly name: string;
  /** Ids of aggregates that still hold unpublished events. */
  aggregatesWithPendingEvents(limit: number): Promise<string[]>;
  /**
   * Takes the leases of one publishing cycle of the relay `owner`, replacing those of its previous cycle (a
   * relay runs one cycle at a time), except for aggregates another relay holds an unexpired lease on (one
   * left by a relay that crashed is taken over once it expires); answers the ids it got.
   */
  acquireLeases(aggregateIds: readonly string[], owner: string, leaseMs: number): Promise<string[]>;
  /** Lets go of the leases of the relay's current cycle. */
  releaseLeases(owner: string): Promise<void>;
  /** Each aggregate's unpublished events, in the order they were written; aggregates without any are absent. */
  pendingEvents(aggregateIds: readonly string[]): Promise<Map<string, DomainEvent[]>>;
  /** Removes the published events (by id) from each aggregate's outbox, leaving any written meanwhile. */
  clearEvents(published: ReadonlyMap<string, readonly string[]>): Promise<void>;
  /** How many events are written but not yet published. */
  backlog(): Promise<number>;
}

export interface RelayOptions {
  /**
   * How soon leftovers are looked for (events whose immediate flush failed or was cut short by a crash):
   * at start-up and after a failure, then twice as long after each sweep that found none, up to
   * `maxSweepIntervalMs`. Finding leftovers takes a query over the aggregates (indexed on MongoDB; a scan
   * where the database ignores secondary indexes, as mongo-java-server does).
   */
  sweepIntervalMs?: number;
  maxSweepIntervalMs?: number;
  /** How long a relay may publish one aggregate before another may take over (a crash, a stuck broker). */
  leaseMs?: number;
  metrics?: MetricsService;
}

interface FlushRequest {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface QueuedAggregate {
  requests: FlushRequest[];
  /**
   * When another relay holds the lease: look again until this relay gets it (a flush right after a write),
   * or leave the aggregate to the holder (a sweep).
   */
  waitForOtherRelay: boolean;
}

const SWEEP_LIMIT = 500;
/** Aggregates published per cycle: one produce request, a handful of database round trips. */
const BATCH_SIZE = 100;
/**
 * When another relay holds the lease, it releases within milliseconds, so look again soon, then every second
 * until the lease is free (it expires if its holder died).
 */
const CONTENTION_RETRY_DELAYS_MS = [25, 100, 400];
const CONTENTION_RETRY_INTERVAL_MS = 1000;

/**
 * Publishes outbox events, then clears them. It wakes at once after a write (`flushInBackground`) and also
 * sweeps for leftovers. Flushes are published in cycles, one at a time: each takes every aggregate queued
 * meanwhile, leases them, reads their events, publishes them in one request and clears them. One aggregate
 * is published by one relay at a time (the lease), so several service instances never publish an
 * aggregate's events twice over, interleaved. A crash between publish and clear publishes again once the lease
 * expires; consumers drop the duplicates.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly owner = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  private readonly leaseMs: number;
  private readonly queue = new Map<string, QueuedAggregate>();
  private readonly contention = new Map<
    string,
    { attempts: number; timer?: NodeJS.Timeout; requests: FlushRequest[] }
  >();
  private readonly publishing = new SerialDrain(
    () => this.drain(),
    () => this.queue.size > 0,
  );
  private timer?: NodeJS.Timeout;
  private running = false;
  private sweepDelayMs = 0;
  private sweeping?: Promise<number>;
  private stopBacklogReport?: () => void;

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: EventPublisher,
    private readonly options: RelayOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  /**
   * Publishes the aggregate's pending events; resolves once they are published and cleared, or once it is
   * clear that another relay is publishing them.
   */
  flush(aggregateId: string, waitForOtherRelay = true): Promise<void> {
    return new Promise((resolve, reject) => {
      const queued = this.queue.get(aggregateId) ?? { requests: [], waitForOtherRelay };
      queued.requests.push({ resolve, reject });
      queued.waitForOtherRelay ||= waitForOtherRelay;
      this.queue.set(aggregateId, queued);
      this.publishing.kick();
    });
  }

  /** Starts a flush without waiting for it: the write is already safe, and the sweep retries a failure. */
  flushInBackground(aggregateId: string): void {
    this.flush(aggregateId).catch((error: unknown) => {
      this.logger.warn({
        msg: 'outbox publish deferred to the next sweep',
        outbox: this.store.name,
        aggregateId,
        error: errorText(error),
      });
      this.sweepSoon();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0) {
      const batch = new Map([...this.queue].slice(0, BATCH_SIZE));
      for (const aggregateId of batch.keys()) this.queue.delete(aggregateId);
      try {
        await this.publishBatch(batch);
      } catch (error) {
        for (const { requests } of batch.values()) requests.forEach((request) => request.reject(error));
      }
    }
  }

  private async publishBatch(batch: ReadonlyMap<string, QueuedAggregate>): Promise<void> {
    const leased = await this.store.acquireLeases([...batch.keys()], this.owner, this.leaseMs);
    const leasedIds = new Set(leased);
    for (const [aggregateId, queued] of batch) {
      if (!leasedIds.has(aggregateId)) this.heldElsewhere(aggregateId, queued);
    }
    if (leased.length === 0) return;
    try {
      const pending = await this.store.pendingEvents(leased);
      if (pending.size > 0) {
        // Map order is lease order; each aggregate's events stay in write order within the request.
        await this.publisher.publish([...pending.values()].flat());
        await this.store.clearEvents(
          new Map([...pending].map(([id, events]) => [id, events.map((event) => event.id)])),
        );
      }
    } catch (error) {
      await this.store.releaseLeases(this.owner);
      throw error;
    }
    // The next cycle's lease replaces this one: a busy relay saves the round trip, and lets go once idle.
    if (this.queue.size === 0) await this.store.releaseLeases(this.owner);
    for (const aggregateId of leased) {
      this.contention.delete(aggregateId);
      batch.get(aggregateId)?.requests.forEach((request) => request.resolve());
    }
  }

  /**
   * Another relay holds the aggregate. A flush after a write looks again until it gets the aggregate: the
   * holder may have read the outbox just before that write, and writes made meanwhile in this process are
   * queued here, not there. A sweep's flush leaves the aggregate to the holder.
   */
  private heldElsewhere(aggregateId: string, queued: QueuedAggregate): void {
    const state = this.contention.get(aggregateId) ?? { attempts: 0, requests: [] };
    state.requests.push(...queued.requests);
    // A look again is already due: it answers these requests too.
    if (state.timer) return;
    if (!queued.waitForOtherRelay) {
      this.contention.delete(aggregateId);
      state.requests.forEach((request) => request.resolve());
      return;
    }
    const delay = CONTENTION_RETRY_DELAYS_MS[state.attempts] ?? CONTENTION_RETRY_INTERVAL_MS;
    state.attempts++;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      const requests = state.requests.splice(0);
      const retry = this.flush(aggregateId);
      for (const request of requests) retry.then(request.resolve, request.reject);
    }, delay);
    this.contention.set(aggregateId, state);
  }

  /** Publishes leftovers; answers how many aggregates held some. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<number> {
    const pending = await this.store.aggregatesWithPendingEvents(SWEEP_LIMIT);
    // An aggregate another relay is publishing is that relay's to finish.
    const results = await Promise.allSettled(pending.map((aggregateId) => this.flush(aggregateId, false)));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    return pending.length;
  }

  private scheduleSweep(delayMs: number): void {
    clearTimeout(this.timer);
    this.sweepDelayMs = delayMs;
    this.timer = setTimeout(async () => {
      const minimum = this.options.sweepIntervalMs ?? 1000;
      let next = minimum;
      try {
        if ((await this.sweep()) === 0) {
          next = Math.min(this.sweepDelayMs * 2, this.options.maxSweepIntervalMs ?? 30_000);
        }
      } catch (error) {
        this.logger.warn({ msg: 'outbox sweep failed', outbox: this.store.name, error: errorText(error) });
      }
      if (this.running) this.scheduleSweep(next);
    }, delayMs);
    this.timer.unref();
  }

  /** A flush failed: look for leftovers at the shortest interval again. */
  private sweepSoon(): void {
    const minimum = this.options.sweepIntervalMs ?? 1000;
    if (this.running && this.sweepDelayMs > minimum) this.scheduleSweep(minimum);
  }

  start(): void {
    this.running = true;
    this.scheduleSweep(this.options.sweepIntervalMs ?? 1000);
    this.stopBacklogReport = this.options.metrics?.observeOutboxBacklog(async (gauge) => {
      gauge.set({ collection: this.store.name }, await this.store.backlog());
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.stopBacklogReport?.();
    // Flushes waiting for another relay are that relay's (or the next sweep's) to finish.
    for (const { timer, requests } of this.contention.values()) {
      clearTimeout(timer);
      requests.forEach((request) => request.resolve());
    }
    this.contention.clear();
    await Promise.allSettled([this.sweeping, this.publishing.idle()]);
  }
}
