import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Reads a gauge's current values from where they live (the database, the broker) when /metrics is scraped. */
export type GaugeProbe<Label extends string> = (gauge: Gauge<Label>) => Promise<void>;

/** A scrape must answer even while the broker or the database does not. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * A gauge refreshed on scrape by every probe registered for it; a probe that fails or does not answer in
 * time leaves its last values.
 */
class ScrapedGauge<Label extends string> {
  private readonly probes = new Set<GaugeProbe<Label>>();
  readonly gauge: Gauge<Label>;

  constructor(registry: Registry, name: string, help: string, labelNames: readonly Label[]) {
    const probes = this.probes;
    this.gauge = new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const timeout = () => new Promise<void>((resolve) => setTimeout(resolve, PROBE_TIMEOUT_MS).unref());
        await Promise.allSettled([...probes].map((probe) => Promise.race([probe(this), timeout()])));
      },
    });
  }

  /** Registers a probe; the returned function unregisters it (a stopped consumer stops reporting). */
  observe(probe: GaugeProbe<Label>): () => void {
    this.probes.add(probe);
    return () => this.probes.delete(probe);
  }
}

/** One registry per application instance, so that several apps in one test process do not collide. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly eventsPublished = this.counter(
    'cme_events_published_total',
    'Events the broker acknowledged (acks from all in-sync replicas), by topic and event type',
    ['topic', 'type'],
  );
  readonly eventsConsumed = this.counter(
    'cme_events_consumed_total',
    'Events consumed, by topic, event type and outcome (handled, duplicate, ignored, deferred, failed, invalid)',
    ['topic', 'type', 'outcome'],
  );
  readonly eventsRetried = this.counter(
    'cme_events_retried_total',
    'Failed event handlings scheduled for another attempt (on the group retry topic, or in process for broadcast listeners), by topic and event type',
    ['topic', 'type'],
  );
  readonly eventsDeadLettered = this.counter(
    'cme_events_dead_lettered_total',
    'Events sent to the dead-letter topic, by topic, event type and reason (invalid, exhausted)',
    ['topic', 'type', 'reason'],
  );
  private readonly outboxBacklog = new ScrapedGauge(
    this.registry,
    'cme_outbox_backlog_events',
    'Events written to aggregates but not yet published, by collection',
    ['collection'],
  );
  private readonly consumerLag = new ScrapedGauge(
    this.registry,
    'cme_consumer_lag_messages',
    "Messages between the consumer group's committed offset and the end of the partition",
    ['group', 'topic', 'partition'],
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  private counter<Label extends string>(name: string, help: string, labelNames: readonly Label[]) {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** Reports an outbox's backlog on every scrape. */
  observeOutboxBacklog(probe: GaugeProbe<'collection'>): () => void {
    return this.outboxBacklog.observe(probe);
  }

  /** Reports a consumer group's lag on every scrape. */
  observeConsumerLag(probe: GaugeProbe<'group' | 'topic' | 'partition'>): () => void {
    return this.consumerLag.observe(probe);
  }
}
