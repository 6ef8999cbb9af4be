import { type DomainEvent } from '@cme/contracts';
import { OutboxRelay } from '@cme/messaging';
import { isDuplicateKey } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Collection, type Model } from 'mongoose';

import { type Practitioner } from './practitioner';
import { PRACTITIONER_MODEL, type PractitionerDocument } from './practitioner.schema';

function toPractitioner(stored: Omit<PractitionerDocument, 'outbox'>): Practitioner {
  return {
    id: stored._id,
    version: stored.version,
    profile: stored.profile,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}

/**
 * The one place that reads and writes practitioners. Each write is one single-document operation that carries
 * the events of the change in the practitioner's outbox, conditional on the version the change was made from.
 */
@Injectable()
export class PractitionerRepository {
  /** The collection itself, for the driver's read on the request path (see `findById`). */
  private readonly collection: Collection<PractitionerDocument>;

  constructor(
    @InjectModel(PRACTITIONER_MODEL) private readonly practitioners: Model<PractitionerDocument>,
    @Inject(OutboxRelay) private readonly outbox: OutboxRelay,
  ) {
    this.collection = practitioners.db.collection(practitioners.collection.collectionName);
  }

  async findById(id: string): Promise<Practitioner | null> {
    // The driver's read (every credit recorded and every compliance refresh makes one): mongoose's query
    // building would add half again to its CPU, for nothing to cast.
    const stored = await this.collection.findOne<Omit<PractitionerDocument, 'outbox'>>(
      { _id: id },
      { projection: { outbox: 0 } },
    );
    return stored && toPractitioner(stored);
  }

  /** The practitioners with these ids that exist (a read by `_id`, which every server answers from its index). */
  async findByIds(ids: readonly string[]): Promise<Practitioner[]> {
    if (ids.length === 0) return [];
    const found = await this.practitioners
      .find({ _id: { $in: [...ids] } }, { outbox: 0 })
      .lean<Omit<PractitionerDocument, 'outbox'>[]>();
    return found.map(toPractitioner);
  }

  /** Stores a new practitioner; `false` when one with this id exists already. */
  async insert(practitioner: Practitioner, events: readonly DomainEvent[]): Promise<boolean> {
    try {
      await this.practitioners.create({ _id: practitioner.id, ...fields(practitioner), outbox: [...events] });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    this.outbox.flushInBackground(practitioner.id);
    return true;
  }

  /** Replaces the stored practitioner if it is still at `expectedVersion`; `false` when it changed first. */
  async saveIfVersion(
    practitioner: Practitioner,
    expectedVersion: number,
    events: readonly DomainEvent[],
  ): Promise<boolean> {
    const result = await this.practitioners.updateOne(
      { _id: practitioner.id, version: expectedVersion },
      { $set: fields(practitioner), ...(events.length > 0 && { $push: { outbox: { $each: [...events] } } }) },
    );
    if (result.modifiedCount !== 1) return false;
    if (events.length > 0) this.outbox.flushInBackground(practitioner.id);
    return true;
  }
}

function fields(practitioner: Practitioner): Omit<PractitionerDocument, '_id' | 'outbox'> {
  return {
    version: practitioner.version,
    profile: practitioner.profile,
    createdAt: practitioner.createdAt,
    updatedAt: practitioner.updatedAt,
  };
}
