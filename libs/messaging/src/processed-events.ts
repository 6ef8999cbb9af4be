import { type Collection, type Connection } from 'mongoose';

import { insertAllowingDuplicates } from './unordered-insert';

/** What a consumer may do with a delivered event. */
export type ClaimOutcome =
  /** Handle it: no one else is. */
  | { status: 'claimed' }
  /** Skip it: it was handled before (a duplicate delivery). */
  | { status: 'processed' }
  /** Try again after `until`: another consumer is handling it, or crashed while doing so. */
  | { status: 'held'; until: Date };

/**
 * The consumer side of "exactly once in effect": which events this consumer group has handled, recorded
 * under a unique key in the consuming service's own database.
 */
export interface ProcessedEventStore {
  /** Claims events for handling by `owner`, answering for each what to do with it. */
  claim(eventIds: readonly string[], owner: string): Promise<ClaimOutcome[]>;
  /** Records events as handled, for good: later deliveries of them are duplicates. */
  markProcessed(eventIds: readonly string[]): Promise<void>;
  /**
   * Lets go of claims without a handled event (a failed attempt, a delivery stopped by shutdown or
   * rebalance): the next delivery, whoever receives it, may claim the event at once.
   */
  release(eventIds: readonly string[], owner: string): Promise<void>;
  /**
   * Forgets claims and records older than `before` (TTL indexes never expire on mongo-java-server). Claims
   * last as long as the records: a delivery is checked against the records only when its claim is refused.
   */
  prune(before: Date): Promise<void>;
}

interface ClaimDocument {
  _id: string;
  owner: string;
  until: Date;
  at: Date;
}

interface ProcessedDocument {
  _id: string;
  at: Date;
}

/**
 * Claims and processed-event records in two collections of the service's database, keyed by consumer group
 * and event id (`_id`, so the unique index is the one every collection has).
 *
 * The common path costs one unordered insert of a chunk's claims before handling and one of its records
 * after, and no reads: only a refused claim (a duplicate, a retry, an event another consumer holds) is
 * looked up. Claims stay necessary with atomic updates: the processed record is written after the handler
 * ran, so without a claim two members of the group (a partition's old and new owner during a rebalance)
 * could both handle an event before either recorded it. A claim expires, so a consumer that crashed mid-handling does not
 * hold an event forever, and is expired at once when an attempt fails, so that the retry or a replayed dead
 * letter takes it over. Handler and record are two writes: a crash between them re-handles the event on
 * redelivery, which the handlers' own idempotency (deterministic ids, version checks) absorbs.
 */
export class MongooseProcessedEventStore implements ProcessedEventStore {
  private readonly claims: Collection<ClaimDocument>;
  private readonly processed: Collection<ProcessedDocument>;

  constructor(
    connection: Connection,
    private readonly groupId: string,
    private readonly claimLeaseMs = 60_000,
  ) {
    this.claims = connection.collection<ClaimDocument>('event_claims');
    this.processed = connection.collection<ProcessedDocument>('processed_events');
  }

  private key(eventId: string): string {
    return `${this.groupId}/${eventId}`;
  }

  async claim(eventIds: readonly string[], owner: string): Promise<ClaimOutcome[]> {
    const now = new Date();
    const until = new Date(now.getTime() + this.claimLeaseMs);
    const refused = await insertAllowingDuplicates(
      this.claims,
      eventIds.map((eventId): ClaimDocument => ({ _id: this.key(eventId), owner, until, at: now })),
    );
    return Promise.all(
      eventIds.map((eventId, index) =>
        refused.has(index)
          ? this.resolveRefusedClaim(eventId, owner, now, until)
          : { status: 'claimed' as const },
      ),
    );
  }

  /** The claim exists already: a duplicate, a live claim elsewhere, or one to take over. */
  private async resolveRefusedClaim(
    eventId: string,
    owner: string,
    now: Date,
    until: Date,
  ): Promise<ClaimOutcome> {
    if (await this.processed.findOne({ _id: this.key(eventId) })) return { status: 'processed' };
    const claim = await this.claims.findOne({ _id: this.key(eventId) });
    if (!claim) return { status: 'held', until: now };
    // Expired, released, or this consumer's own: one partition is handled in order, so its earlier
    // delivery of the event is over.
    if (claim.owner !== owner && claim.until > now) return { status: 'held', until: claim.until };
    const takeover = await this.claims.updateOne(
      { _id: claim._id, owner: claim.owner, until: claim.until },
      { $set: { owner, until, at: now } },
    );
    return takeover.modifiedCount === 1 ? { status: 'claimed' } : { status: 'held', until: now };
  }

  async markProcessed(eventIds: readonly string[]): Promise<void> {
    const at = new Date();
    await insertAllowingDuplicates(
      this.processed,
      eventIds.map((eventId): ProcessedDocument => ({ _id: this.key(eventId), at })),
    );
  }

  async release(eventIds: readonly string[], owner: string): Promise<void> {
    if (eventIds.length === 0) return;
    await this.claims.updateMany(
      { _id: { $in: eventIds.map((eventId) => this.key(eventId)) }, owner },
      { $set: { until: new Date(0) } },
    );
  }

  async prune(before: Date): Promise<void> {
    await this.claims.deleteMany({ at: { $lt: before } });
    await this.processed.deleteMany({ at: { $lt: before } });
  }
}
