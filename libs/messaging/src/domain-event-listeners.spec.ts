import {
  CourseEventTypes,
  type CourseEventType,
  type DomainEvent,
  LedgerEventTypes,
  Topics,
} from '@cme/contracts';
import { HealthRegistry, MetricsService } from '@cme/platform';
import { Global, Injectable, Logger, Module, Scope } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';

import {
  assertListenersMatchTopics,
  type DiscoveredHandler,
  DomainEventListeners,
} from './domain-event-listeners';
import { type DeliveryInfo } from './event-subscriber';
import { MessagingModule } from './messaging.module';
import { OnDomainEvent, subscriptionsOf } from './on-domain-event';

Logger.overrideLogger(false);

@Injectable()
class CatalogCourseListener {
  readonly applied: string[] = [];

  @OnDomainEvent(CourseEventTypes.published, { versionConditional: true })
  @OnDomainEvent(CourseEventTypes.retired, { versionConditional: true })
  async apply(event: DomainEvent<CourseEventType>): Promise<void> {
    this.applied.push(event.data.id);
  }
}

@Injectable()
class CreditRecordedListener {
  @OnDomainEvent(LedgerEventTypes.creditRecorded)
  async confirm(_event: DomainEvent<typeof LedgerEventTypes.creditRecorded>, _delivery: DeliveryInfo) {}
}

@Injectable()
class SearchIndexListener {
  @OnDomainEvent(CourseEventTypes.published, { broadcast: true })
  async apply(_event: DomainEvent<CourseEventType>): Promise<void> {}
}

@Injectable()
class RivalCourseListener {
  @OnDomainEvent(CourseEventTypes.published)
  async alsoApply(_event: DomainEvent<CourseEventType>): Promise<void> {}
}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedListener {
  @OnDomainEvent(LedgerEventTypes.creditRecorded)
  async confirm(_event: DomainEvent<typeof LedgerEventTypes.creditRecorded>): Promise<void> {}
}

async function listenerModule(...listeners: (new (...args: never[]) => object)[]) {
  return Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [DomainEventListeners, ...listeners],
  }).compile();
}

async function discover(...listeners: (new (...args: never[]) => object)[]): Promise<DiscoveredHandler[]> {
  return (await listenerModule(...listeners)).get(DomainEventListeners).discover();
}

const summary = (handlers: DiscoveredHandler[]) =>
  handlers
    .map(({ name, type, options }) => ({ name, type, options }))
    .sort((a, b) => a.type.localeCompare(b.type));

describe('domain event listeners', () => {
  it('finds every marked method with its event types and options, bound to its provider', async () => {
    const moduleRef = await listenerModule(
      CatalogCourseListener,
      CreditRecordedListener,
      SearchIndexListener,
    );
    const handlers = moduleRef.get(DomainEventListeners).discover();
    expect(summary(handlers)).toEqual([
      {
        name: 'CatalogCourseListener.apply',
        type: CourseEventTypes.published,
        options: { versionConditional: true },
      },
      { name: 'SearchIndexListener.apply', type: CourseEventTypes.published, options: { broadcast: true } },
      {
        name: 'CatalogCourseListener.apply',
        type: CourseEventTypes.retired,
        options: { versionConditional: true },
      },
      { name: 'CreditRecordedListener.confirm', type: LedgerEventTypes.creditRecorded, options: {} },
    ]);
    const retired = handlers.find(({ type }) => type === CourseEventTypes.retired) as DiscoveredHandler;
    await retired.handle({ data: { id: 'course-1' } } as DomainEvent, {} as DeliveryInfo);
    expect(moduleRef.get(CatalogCourseListener).applied).toEqual(['course-1']);
  });

  it("types a handler's event from the event type it is marked for", () => {
    class MistypedListener {
      // @ts-expect-error a handler of recorded credits cannot be marked for a course event
      @OnDomainEvent(CourseEventTypes.published)
      async confirm(_event: DomainEvent<typeof LedgerEventTypes.creditRecorded>): Promise<void> {}
    }
    expect(subscriptionsOf(MistypedListener.prototype.confirm)).toEqual([
      { type: CourseEventTypes.published, options: {} },
    ]);
  });

  it('accepts listeners that match the consumed topics, a shared and a broadcast handler of one type included', async () => {
    const handlers = await discover(CatalogCourseListener, CreditRecordedListener, SearchIndexListener);
    expect(() =>
      assertListenersMatchTopics(handlers, {
        consumes: [Topics.courses, Topics.ledger],
        consumesBroadcast: [Topics.courses],
      }),
    ).not.toThrow();
  });

  it('refuses a listener of a topic the service does not consume, in its mode', async () => {
    const handlers = await discover(CreditRecordedListener, SearchIndexListener);
    expect(() => assertListenersMatchTopics(handlers, { consumes: [], consumesBroadcast: [] })).toThrow(
      'event listeners do not match the consumed topics:\n' +
        `  - CreditRecordedListener.confirm handles ${LedgerEventTypes.creditRecorded}, but its topic ${Topics.ledger} is not in consumes\n` +
        `  - SearchIndexListener.apply handles ${CourseEventTypes.published}, but its topic ${Topics.courses} is not in consumesBroadcast`,
    );
  });

  it('refuses a consumed topic that no listener of its mode handles', async () => {
    const handlers = await discover(SearchIndexListener);
    expect(() =>
      assertListenersMatchTopics(handlers, {
        consumes: [Topics.courses],
        consumesBroadcast: [Topics.courses],
      }),
    ).toThrow(`${Topics.courses} is in consumes, but no listener in that mode handles any of its events`);
  });

  it('refuses two handlers of one event type in one consumer group', async () => {
    const handlers = await discover(CatalogCourseListener, RivalCourseListener);
    expect(() =>
      assertListenersMatchTopics(handlers, { consumes: [Topics.courses], consumesBroadcast: [] }),
    ).toThrow(
      `${CourseEventTypes.published} has 2 handlers in one consumer group (consumes): CatalogCourseListener.apply, RivalCourseListener.alsoApply`,
    );
  });

  it('refuses a listener that is not a singleton', async () => {
    await expect(discover(RequestScopedListener)).rejects.toThrow(
      'RequestScopedListener.confirm: an event listener must be a singleton provider',
    );
  });

  it('keeps a service whose listeners do not match its topics from starting, before it connects anywhere', async () => {
    @Global()
    @Module({
      providers: [
        MetricsService,
        HealthRegistry,
        { provide: getConnectionToken(), useValue: { collection: () => ({}) } },
      ],
      exports: [MetricsService, HealthRegistry, getConnectionToken()],
    })
    class PlatformStandIn {}

    const moduleRef = await Test.createTestingModule({
      imports: [
        PlatformStandIn,
        MessagingModule.forRoot({
          clientId: 'listener-test',
          groupId: 'listener-test',
          // No broker listens here: start-up must fail before it tries one.
          brokers: ['127.0.0.1:1'],
          topicPartitions: 1,
          consumes: [Topics.courses],
          fromBeginning: false,
        }),
      ],
      providers: [CreditRecordedListener],
    }).compile();
    await expect(moduleRef.init()).rejects.toThrow(
      `CreditRecordedListener.confirm handles ${LedgerEventTypes.creditRecorded}, but its topic ${Topics.ledger} is not in consumes`,
    );
  });
});
