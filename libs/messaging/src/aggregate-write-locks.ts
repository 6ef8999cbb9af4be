/**
 * Runs the writes to one aggregate one at a time in this process: the service's own writes and the outbox
 * relay's clears of that aggregate.
 *
 * Why: FerretDB 1.x (the local and CI database) applies an update as read, modify, write back without
 * isolating concurrent updates of one document (50 concurrent `$inc` of one field leave it at about 27), so
 * a relay's clear landing in the same milliseconds as a service's write can undo that write, event and all.
 * MongoDB applies each single-document update atomically, and there these locks only cost a queue per
 * aggregate. They cannot reach across processes: several instances on FerretDB remain exposed.
 */
export class AggregateWriteLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(aggregateId: string, write: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(aggregateId) ?? Promise.resolve()).catch(() => undefined).then(write);
    this.tails.set(aggregateId, result);
    const forget = () => {
      if (this.tails.get(aggregateId) === result) this.tails.delete(aggregateId);
    };
    result.then(forget, forget);
    return result;
  }
}
