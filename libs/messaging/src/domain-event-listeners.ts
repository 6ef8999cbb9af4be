import { type EventType, topicOf } from '@cme/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

import { type EventHandler } from './event-subscriber';
import { type DomainEventHandlerOptions, subscriptionsOf } from './on-domain-event';

/** An `@OnDomainEvent` method, bound to its provider. */
export interface DiscoveredHandler {
  /** `Class.method`, as start-up errors name it. */
  name: string;
  type: EventType;
  options: DomainEventHandlerOptions;
  handle: EventHandler;
}

/** The topics a service consumes (names without the deployment's prefix). */
export interface ConsumedTopics {
  /** Read by the service's consumer group, whose instances share the partitions. */
  consumes: readonly string[];
  /** Read in full by every instance, for broadcast listeners. */
  consumesBroadcast: readonly string[];
}

/** Finds the application's event listeners: every `@OnDomainEvent` method of every provider. */
@Injectable()
export class DomainEventListeners {
  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
  ) {}

  discover(): DiscoveredHandler[] {
    return this.discovery.getProviders().flatMap((wrapper) => {
      const instance: unknown = wrapper.instance;
      // An alias (`useExisting`) names an instance found under its own provider already.
      if (wrapper.isAlias || !instance || typeof instance !== 'object') return [];
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      return this.scanner.getAllMethodNames(prototype).flatMap((method) => {
        const subscriptions = subscriptionsOf(prototype[method]);
        if (subscriptions.length === 0) return [];
        const name = `${instance.constructor.name}.${method}`;
        // A consumer calls one long-lived instance; a request- or transient-scoped one has none to call.
        if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) {
          throw new Error(`${name}: an event listener must be a singleton provider`);
        }
        const handle = (prototype[method] as EventHandler).bind(instance);
        return subscriptions.map(({ type, options }) => ({ name, type, options, handle }));
      });
    });
  }
}

/**
 * Fails start-up, naming every problem at once, unless the listeners and the consumed topics match: each
 * consumed topic has a listener, each listener's topic is consumed (in its mode: shared or broadcast), and
 * no event type has two handlers in one consumer group.
 */
export function assertListenersMatchTopics(
  handlers: readonly DiscoveredHandler[],
  topics: ConsumedTopics,
): void {
  const problems = [
    ...mismatches(
      handlers.filter((handler) => !handler.options.broadcast),
      topics.consumes,
      'consumes',
    ),
    ...mismatches(
      handlers.filter((handler) => handler.options.broadcast),
      topics.consumesBroadcast,
      'consumesBroadcast',
    ),
  ];
  if (problems.length > 0) {
    throw new Error(`event listeners do not match the consumed topics:\n  - ${problems.join('\n  - ')}`);
  }
}

/** The problems among the handlers of one consumer group and the topics it reads. */
function mismatches(
  handlers: readonly DiscoveredHandler[],
  consumed: readonly string[],
  setting: keyof ConsumedTopics,
): string[] {
  const problems: string[] = [];
  for (const { name, type } of handlers) {
    if (!consumed.includes(topicOf(type))) {
      problems.push(`${name} handles ${type}, but its topic ${topicOf(type)} is not in ${setting}`);
    }
  }
  for (const topic of consumed) {
    if (!handlers.some(({ type }) => topicOf(type) === topic)) {
      problems.push(`${topic} is in ${setting}, but no listener in that mode handles any of its events`);
    }
  }
  for (const type of new Set(handlers.map((handler) => handler.type))) {
    const claimants = handlers.filter((handler) => handler.type === type).map(({ name }) => name);
    if (claimants.length > 1) {
      problems.push(
        `${type} has ${claimants.length} handlers in one consumer group (${setting}): ${claimants.join(', ')}`,
      );
    }
  }
  return problems;
}
