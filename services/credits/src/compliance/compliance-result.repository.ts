import { type DomainEvent } from '@cme/contracts';
import { OutboxRelay } from '@cme/messaging';
import { isDuplicateKey } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, type QueryFilter } from 'mongoose';

import { COMPLIANCE_RESULT_MODEL, type ComplianceResultDocument } from './compliance-result.schema';

export type StoredComplianceResult = Omit<ComplianceResultDocument, 'outbox'>;

/** What the roster shows of a stored result (the outbox, digest and scheduling fields stay inside). */
const ROSTER_FIELDS = {
  practitioner: 1,
  requirements: 1,
  notCovered: 1,
  asOf: 1,
  evaluatedAt: 1,
  rulesVersion: 1,
} as const;

export type RosterResult = Pick<StoredComplianceResult, '_id' | keyof typeof ROSTER_FIELDS>;

/** A result to store on the revision it was computed from, with the event of its change (if any). */
export interface ResultWrite {
  result: StoredComplianceResult;
  expectedRevision: number;
  events: readonly DomainEvent[];
}

export interface RosterFilter {
  status?: string;
  requirement?: string;
  deadlineBefore?: string;
  state?: string;
}

/**
 * The one place that reads and writes stored compliance results. A write replaces the result if it is still
 * at the revision it was computed from, with the compliance event (when the standing changed) in its outbox.
 */
@Injectable()
export class ComplianceResultRepository {
  constructor(
    @InjectModel(COMPLIANCE_RESULT_MODEL) private readonly results: Model<ComplianceResultDocument>,
    @Inject(OutboxRelay) private readonly outbox: OutboxRelay,
  ) {}

  findById(practitionerId: string): Promise<StoredComplianceResult | null> {
    return this.results.findById(practitionerId, { outbox: 0 }).lean<StoredComplianceResult>();
  }

  /** Stores the first result; `false` when another writer stored one first. */
  async insert(result: StoredComplianceResult, events: readonly DomainEvent[]): Promise<boolean> {
    try {
      await this.results.create({ ...result, outbox: [...events] });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    if (events.length > 0) this.outbox.flushInBackground(result._id);
    return true;
  }

  async saveIfRevision(
    result: StoredComplianceResult,
    expectedRevision: number,
    events: readonly DomainEvent[],
  ): Promise<boolean> {
    const { _id, ...fields } = result;
    const outcome = await this.results.updateOne(
      { _id, revision: expectedRevision },
      { $set: fields, ...(events.length > 0 && { $push: { outbox: { $each: [...events] } } }) },
    );
    if (outcome.modifiedCount !== 1) return false;
    if (events.length > 0) this.outbox.flushInBackground(_id);
    return true;
  }

  /**
   * `saveIfRevision` for many results in one bulk write; answers how many were written (each write misses
   * when its result is no longer at the expected revision).
   */
  async saveManyIfRevision(writes: readonly ResultWrite[]): Promise<number> {
    if (writes.length === 0) return 0;
    const outcome = await this.results.bulkWrite(
      writes.map(({ result: { _id, ...fields }, expectedRevision, events }) => ({
        updateOne: {
          filter: { _id, revision: expectedRevision },
          update: {
            $set: fields,
            ...(events.length > 0 && { $push: { outbox: { $each: [...events] } } }),
          },
        },
      })),
      { ordered: false },
    );
    for (const { result, events } of writes) if (events.length > 0) this.outbox.flushInBackground(result._id);
    return outcome.modifiedCount;
  }

  /**
   * Results that are due again, in practitioner id order after `afterId`: made with other rule packs, or
   * made on a day their calendar has left.
   */
  findDue(rulesVersion: string, now: Date, limit: number, afterId = ''): Promise<StoredComplianceResult[]> {
    return this.results
      .find(
        {
          _id: { $gt: afterId },
          $or: [{ rulesVersion: { $ne: rulesVersion } }, { nextEvaluationAt: { $lte: now } }],
        },
        { outbox: 0 },
      )
      .sort({ _id: 1 })
      .limit(limit)
      .lean<StoredComplianceResult[]>();
  }

  /**
   * One page of the roster, in practitioner id order after `afterId`, from the stored results. `status`,
   * `requirement` and `deadlineBefore` (exclusive) must all hold for one and the same requirement: a
   * practitioner at risk on one requirement and due before the date on another is no match.
   */
  async findRoster(filter: RosterFilter, limit: number, afterId?: string): Promise<RosterResult[]> {
    const query: QueryFilter<ComplianceResultDocument> = {};
    if (afterId !== undefined) query._id = { $gt: afterId };
    const requirement = {
      ...(filter.requirement !== undefined && { id: filter.requirement }),
      ...(filter.status !== undefined && { status: filter.status }),
      ...(filter.deadlineBefore !== undefined && { deadline: { $lt: filter.deadlineBefore } }),
    };
    if (Object.keys(requirement).length > 0) query.requirements = { $elemMatch: requirement };
    if (filter.state !== undefined) query['practitioner.licenseStates'] = filter.state;
    return this.results.find(query, ROSTER_FIELDS).sort({ _id: 1 }).limit(limit).lean<RosterResult[]>();
  }
}
