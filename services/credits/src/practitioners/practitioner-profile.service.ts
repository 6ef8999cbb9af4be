import { randomUUID } from 'node:crypto';

import { createEvent, PractitionerEventTypes } from '@cme/contracts';
import { type Caller, SERVICE_NAME } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';

import {
  type Practitioner,
  type PractitionerProfile,
  sameProfile,
  toPractitionerSnapshot,
} from './practitioner';
import { type PractitionerProfileInput } from './practitioner.dto';
import { PractitionerErrors } from './practitioner.errors';
import { PractitionerRepository } from './practitioner.repository';
import { DEFAULT_TIMEZONE, US_JURISDICTIONS } from './us-jurisdictions';

/** A PUT that keeps losing to concurrent PUTs of the same profile gives up after this many tries. */
const MAX_ATTEMPTS = 3;

/**
 * A practitioner's profile: created by the first PUT, replaced by each later one. Every change is a new
 * version with its event (registered, then updated) in the same write; a PUT that changes nothing writes
 * nothing.
 */
@Injectable()
export class PractitionerProfileService {
  constructor(
    @Inject(PractitionerRepository) private readonly practitioners: PractitionerRepository,
    @Inject(SERVICE_NAME) private readonly source: string,
  ) {}

  find(id: string): Promise<Practitioner | null> {
    return this.practitioners.findById(id);
  }

  findMany(ids: readonly string[]): Promise<Practitioner[]> {
    return this.practitioners.findByIds(ids);
  }

  async save(
    caller: Caller,
    input: PractitionerProfileInput,
    now = new Date(),
  ): Promise<{ practitioner: Practitioner; created: boolean }> {
    const profile = completeProfile(input, caller);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.practitioners.findById(caller.id);
      if (!current) {
        const practitioner: Practitioner = {
          id: caller.id,
          version: 1,
          profile,
          createdAt: now,
          updatedAt: now,
        };
        if (
          await this.practitioners.insert(practitioner, [
            this.event(PractitionerEventTypes.registered, practitioner, now),
          ])
        ) {
          return { practitioner, created: true };
        }
        continue;
      }
      if (sameProfile(current.profile, profile)) return { practitioner: current, created: false };
      const practitioner: Practitioner = {
        ...current,
        version: current.version + 1,
        profile,
        updatedAt: now,
      };
      const event = this.event(PractitionerEventTypes.updated, practitioner, now);
      if (await this.practitioners.saveIfVersion(practitioner, current.version, [event])) {
        return { practitioner, created: false };
      }
    }
    throw PractitionerErrors.changedMeanwhile();
  }

  private event(
    type: (typeof PractitionerEventTypes)[keyof typeof PractitionerEventTypes],
    practitioner: Practitioner,
    now: Date,
  ) {
    return createEvent({
      id: randomUUID(),
      type,
      source: this.source,
      subject: practitioner.id,
      time: now,
      data: toPractitionerSnapshot(practitioner),
    });
  }
}

/**
 * The stored profile: the input, with the defaults a practitioner need not type. The address for mail is the
 * profile's own, else the (plain, verified) address of the practitioner's identity; the time zone is the
 * profile's own, else its first license's state's.
 */
function completeProfile(input: PractitionerProfileInput, caller: Caller): PractitionerProfile {
  const email = input.email ?? caller.email;
  const firstState = input.licenses[0]?.state;
  return {
    ...input,
    ...(email && { email }),
    timezone: input.timezone ?? (firstState ? US_JURISDICTIONS[firstState] : DEFAULT_TIMEZONE),
  };
}
