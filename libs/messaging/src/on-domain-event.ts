import { type EventType } from '@cme/contracts';

import { type EventHandler, type HandlerOptions } from './event-subscriber';

export interface DomainEventHandlerOptions extends HandlerOptions {
  /**
   * Every instance of the service receives every event, for state each instance keeps in memory (a search
   * index). The instance reads in a consumer group of its own from the topics' end, so it loads its state
   * from the database at start-up (in `onApplicationBootstrap`: broadcast listeners consume from before
   * then). No processed records are kept: the handler must be idempotent (apply by version).
   */
  broadcast?: boolean;
}

/** One `@OnDomainEvent` of a method. */
export interface DomainEventSubscription {
  type: EventType;
  options: DomainEventHandlerOptions;
}

const SUBSCRIPTIONS = Symbol('cme:domain-event-subscriptions');

/**
 * Marks a method of a provider (a `*.listener.ts` class) as the handler of one event type; stack it to
 * handle several. The messaging module finds it at start-up and registers it before consuming starts.
 * The method receives the validated event, typed from `type`, and where it was read:
 *
 * ```ts
 * @OnDomainEvent(LedgerEventTypes.creditRecorded)
 * async confirm(event: DomainEvent<typeof LedgerEventTypes.creditRecorded>, delivery: DeliveryInfo) {…}
 * ```
 *
 * A handler that throws is retried later and dead-lettered after the last attempt.
 */
export function OnDomainEvent<T extends EventType>(type: T, options: DomainEventHandlerOptions = {}) {
  return <Handler extends EventHandler<T>>(
    _prototype: object,
    _method: string | symbol,
    descriptor: TypedPropertyDescriptor<Handler>,
  ): void => {
    const handler = descriptor.value as Handler;
    Reflect.defineMetadata(SUBSCRIPTIONS, [...subscriptionsOf(handler), { type, options }], handler);
  };
}

/** The event types a method was marked to handle (none for any other method). */
export function subscriptionsOf(method: unknown): readonly DomainEventSubscription[] {
  if (typeof method !== 'function') return [];
  return (Reflect.getMetadata(SUBSCRIPTIONS, method) as DomainEventSubscription[] | undefined) ?? [];
}
