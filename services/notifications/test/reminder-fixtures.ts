import { randomUUID } from 'node:crypto';

import {
  ComplianceEventTypes,
  createEvent,
  PractitionerEventTypes,
  type RequirementStanding,
} from '@cme/contracts';
import { type EventPublisher } from '@cme/messaging';
import { testEventPublisher, waitFor } from '@cme/testing';
import { Redis } from 'ioredis';
import { type Connection } from 'mongoose';

import { type ReminderDocument } from '../src/reminders/reminder.schema';

/** Publishes the credits service's events about one practitioner, as the credits service would. */
export class PractitionerEvents {
  readonly id = `p-${randomUUID()}`;
  readonly email = `${this.id}@example.org`;
  private profileVersion = 0;
  private complianceVersion = 0;

  constructor(private readonly publisher: EventPublisher) {}

  static async connect(): Promise<EventPublisher> {
    const publisher = testEventPublisher('notifications-test');
    await publisher.connect();
    return publisher;
  }

  async profile(timezone = 'America/Chicago', profession = 'MD'): Promise<void> {
    const now = new Date().toISOString();
    await this.publisher.publish([
      createEvent({
        id: randomUUID(),
        type: PractitionerEventTypes.registered,
        source: 'credits',
        subject: this.id,
        time: new Date(),
        data: {
          id: this.id,
          version: ++this.profileVersion,
          name: 'Dr. Avery Rivera',
          email: this.email,
          profession,
          specialty: 'pain-medicine',
          timezone,
          licenses: [],
          boards: [],
          dea: null,
          flags: { directPatientCare: true, painClinic: true },
          updatedAt: now,
        },
      }),
    ]);
  }

  async compliance(requirements: RequirementStanding[]): Promise<void> {
    await this.publisher.publish([
      createEvent({
        id: randomUUID(),
        type: ComplianceEventTypes.evaluated,
        source: 'credits',
        subject: this.id,
        time: new Date(),
        data: {
          practitionerId: this.id,
          version: ++this.complianceVersion,
          evaluatedAt: new Date().toISOString(),
          asOf: new Date().toISOString().slice(0, 10),
          rulesVersion: 'test',
          requirements,
          notCovered: [],
        },
      }),
    ]);
  }
}

export { requirementStanding as requirement } from '../src/reminders/testing/requirement-standing';

/** When the 90-day reminder of a 2027-06-30 deadline is due for a practitioner in UTC. */
export const NINETY_DAY_REMINDER_DUE_UTC = new Date('2027-04-01T09:00:00Z');

/** The default offsets' reminders, all still scheduled. */
export const DEFAULT_REMINDERS_SCHEDULED = {
  '90d': 'scheduled',
  '30d': 'scheduled',
  '7d': 'scheduled',
} as const;

export function remindersOf(connection: Connection, practitionerId: string): Promise<ReminderDocument[]> {
  return connection
    .collection<ReminderDocument>('reminders')
    .find({ practitionerId })
    .sort({ dueAt: 1, _id: 1 })
    .toArray();
}

/**
 * Waits until the practitioner's reminders are in the given statuses, by id suffix (`90d`, `at-risk`): every
 * reminder of that offset, whatever its requirement.
 */
export function waitForReminders(
  connection: Connection,
  practitionerId: string,
  expected: Record<string, ReminderDocument['status']>,
): Promise<ReminderDocument[]> {
  return waitFor(
    async () => {
      const reminders = await remindersOf(connection, practitionerId);
      const actual = [
        ...new Set(reminders.map(({ _id, status }) => `${_id.split('/').at(-1)}=${status}`)),
      ].sort();
      const wanted = Object.entries(expected)
        .map(([offset, status]) => `${offset}=${status}`)
        .sort();
      return actual.join() === wanted.join() ? reminders : undefined;
    },
    { timeoutMs: 20_000, what: `reminders of ${practitionerId}: ${JSON.stringify(expected)}` },
  );
}

/** Deletes every key under a suite's queue prefix (and nobody else's); how many there were. */
export async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      keys.push(...(batch as string[]));
    }
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    return keys.length;
  } finally {
    await redis.quit();
  }
}
