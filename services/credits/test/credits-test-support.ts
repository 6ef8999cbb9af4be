import { randomUUID } from 'node:crypto';

import { CourseEventTypes, type CourseSnapshot, createEvent, type DomainEvent } from '@cme/contracts';
import { type EventPublisher } from '@cme/messaging';
import { calendarDateIn } from '@cme/requirements';
import { type EventTap, type TestService, testEventPublisher, waitForQuiescence } from '@cme/testing';

/** A complete, valid body of `PUT /v1/practitioners/me` (NPI and DEA numbers with valid check digits). */
export function sampleProfile(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Dana Reyes',
    profession: 'physician',
    specialty: 'pain-medicine',
    npi: '1234567893',
    birthMonth: 4,
    birthDay: 12,
    licenses: [
      { state: 'TX', number: 'TX-12345', issuedOn: '2015-06-01', expiresOn: '2027-04-30', renewalNumber: 6 },
    ],
    boards: [
      {
        board: 'ABA',
        specialty: 'pain-medicine',
        certifiedSince: '2016-01-01',
        cycleStart: '2026-01-01',
        cycleEnd: '2035-12-31',
        mocParticipation: true,
      },
    ],
    dea: { number: 'AB1234563', registeredOn: '2024-01-01', expiresOn: '2027-01-31', states: ['TX'] },
    flags: { directPatientCare: true, painClinic: true },
    ...overrides,
  };
}

/** A valid outside activity for `POST /v1/practitioners/me/credits`, completed long enough ago anywhere. */
export function outsideCredit(
  overrides: Record<string, unknown> = {},
  activity: Record<string, unknown> = {},
) {
  return {
    activity: {
      title: 'Opioid tapering in practice',
      provider: 'State Pain Society',
      format: 'live',
      topics: ['opioid-prescribing'],
      ...activity,
    },
    completedOn: '2026-03-14',
    claimed: [{ type: 'AMA_PRA_1', amount: 2 }],
    ...overrides,
  };
}

/** A published catalog course as the catalog's events carry it. */
export function courseSnapshot(overrides: Partial<CourseSnapshot> = {}): CourseSnapshot {
  return {
    id: randomUUID(),
    version: 1,
    status: 'published',
    title: 'Buprenorphine in chronic pain',
    provider: { name: 'Pain Society', accreditor: 'ACCME', accreditationId: `ACCME-${randomUUID()}` },
    format: 'internet-enduring',
    topics: ['opioid-prescribing', 'substance-use-disorder'],
    credits: [
      { type: 'AMA_PRA_1', amount: 8 },
      { type: 'ANCC_CH', amount: 8 },
    ],
    professions: ['physician'],
    publishedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Publishes catalog course events to the real broker, as the catalog service would. */
export class CatalogFeed {
  private constructor(private readonly publisher: EventPublisher) {}

  static async connect(): Promise<CatalogFeed> {
    const publisher = testEventPublisher('credits-test');
    await publisher.connect();
    return new CatalogFeed(publisher);
  }

  /**
   * Publishes a course event and resolves once `service` has handled it (its consumer group has caught up),
   * so that a stale event that changed nothing can be told from one not handled yet, without a fixed sleep.
   */
  async publish(
    service: TestService,
    course: CourseSnapshot,
    type: string = CourseEventTypes.published,
  ): Promise<void> {
    await this.publisher.publish([
      createEvent({
        id: randomUUID(),
        type: type as typeof CourseEventTypes.published,
        source: 'catalog',
        subject: course.id,
        time: new Date(),
        data: course,
      }),
    ]);
    await waitForQuiescence({
      kafka: { brokers: service.config.KAFKA_BROKERS, groups: [service.consumerGroup] },
    });
  }

  close(): Promise<void> {
    return this.publisher.disconnect();
  }
}

/**
 * Every event about `subject` the service published on the tap's topic, all of them: once the service's outboxes
 * are empty and the tap has read to the topic's end, nothing more of what it was asked is coming (no fixed sleep).
 */
export async function publishedEvents(
  service: TestService,
  tap: EventTap,
  subject: string,
): Promise<DomainEvent[]> {
  await waitForQuiescence({
    kafka: { brokers: service.config.KAFKA_BROKERS, groups: [tap.consumerGroup] },
    outboxes: [{ connection: service.connection, collections: ['practitioners', 'credit_entries'] }],
  });
  return tap.events.filter((event) => event.subject === subject);
}

/** The calendar date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/**
 * Runs `attempt` with today's date in each of `timeZones`, again if one of them changed while it ran (a test that
 * straddles midnight there would otherwise judge "today" against a date that is no longer today). `attempt`
 * only gathers responses; the caller asserts on the result of the run that kept its dates.
 */
export async function withTodayIn<T>(
  timeZones: readonly string[],
  attempt: (todays: string[]) => Promise<T>,
): Promise<T> {
  const todays = () => timeZones.map((zone) => calendarDateIn(zone, new Date()));
  for (;;) {
    const before = todays();
    const result = await attempt(before);
    if (todays().join() === before.join()) return result;
  }
}

/** Field paths of a problem+json response's `errors`. */
export function errorPaths(body: { errors?: { path: string }[] }): string[] {
  return (body.errors ?? []).map((error) => error.path);
}

/**
 * Resolves once the service has handled its own profile and ledger events (its consumer group has caught up),
 * the stored compliance results they caused are written and their compliance events published, and each tap
 * has read them: the moment the roster and the compliance topic show everything the test did.
 */
export async function complianceSettled(service: TestService, ...taps: EventTap[]): Promise<void> {
  await waitForQuiescence({
    kafka: {
      brokers: service.config.KAFKA_BROKERS,
      groups: [service.consumerGroup, ...taps.map((tap) => tap.consumerGroup)],
    },
    outboxes: [
      {
        connection: service.connection,
        collections: ['practitioners', 'credit_entries', 'compliance_results'],
      },
    ],
  });
}
