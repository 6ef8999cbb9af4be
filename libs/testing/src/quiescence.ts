import { waitFor } from '@cme/local-runtime';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type Admin, AssignerProtocol, type GroupDescription, Kafka, logLevel } from 'kafkajs';
import { type Connection } from 'mongoose';

/** A consumer group that must have handled every message on the partitions its members are assigned. */
export interface ConsumerGroupWatch {
  groupId: string;
  /**
   * When the group, starting at the topics' ends, had resolved where to read (a test service once started,
   * an event tap once open): on a partition it has committed nothing on, a message since then is unhandled.
   * Absent: the group reads topics from their start, so any retained message there is unhandled.
   */
  startedAt?: Date;
}

export interface QuiescenceOptions {
  /** Groups whose committed offsets must reach the end of every partition assigned to them (retry topics too). */
  kafka?: { brokers: string[]; groups: ConsumerGroupWatch[] };
  /** Collections whose documents carry an `outbox` of events to publish: none may hold one still. */
  outboxes?: { connection: Connection; collections: string[] }[];
  /** BullMQ queues that may have no job waiting, active, delayed or prioritized (`prefix`: BullMQ's, default `bull`). */
  queues?: { redisUrl: string; names: string[]; prefix?: string };
  /**
   * How long everything must look quiet in a row. One look can fall between two stages handing work over
   * (the relay has published but the consumer's lag was read before): the next looks see the work again.
   */
  stableForMs?: number;
  timeoutMs?: number;
}

/** One place work can wait in: says what is still pending there (nothing when quiet). */
interface Probe {
  pending(): Promise<string[]>;
  close(): Promise<void>;
}

const LOOK_INTERVAL_MS = 100;

/**
 * Resolves once the consumer groups have handled everything on their topics, the outboxes are empty and the
 * queues drained, and all of it stayed so for `stableForMs`: the moment a test can assert that nothing else
 * happened. Fails after `timeoutMs` naming what is still busy.
 */
export async function waitForQuiescence({
  kafka,
  outboxes = [],
  queues,
  stableForMs = 500,
  timeoutMs = 20_000,
}: QuiescenceOptions): Promise<void> {
  const probes: Probe[] = [
    ...(kafka ? [await ConsumerGroupsProbe.open(kafka.brokers, kafka.groups)] : []),
    ...outboxes.map((outbox) => new OutboxProbe(outbox.connection, outbox.collections)),
    ...(queues ? [new QueuesProbe(queues.redisUrl, queues.names, queues.prefix)] : []),
  ];
  let pending: string[] = [];
  let quietSince: number | undefined;
  try {
    await waitFor(
      async () => {
        try {
          pending = (await Promise.all(probes.map((probe) => probe.pending()))).flat();
        } catch (error) {
          quietSince = undefined;
          throw error;
        }
        if (pending.length > 0) {
          quietSince = undefined;
          return undefined;
        }
        quietSince ??= Date.now();
        return Date.now() - quietSince >= stableForMs ? true : undefined;
      },
      { timeoutMs, intervalMs: LOOK_INTERVAL_MS, what: 'quiescence' },
    );
  } catch (error) {
    const busy = pending.length > 0 ? `; still busy: ${pending.join('; ')}` : '';
    throw new Error(`${(error as Error).message}${busy}`);
  } finally {
    await Promise.all(probes.map((probe) => probe.close()));
  }
}

class ConsumerGroupsProbe implements Probe {
  private constructor(
    private readonly admin: Admin,
    private readonly groups: ConsumerGroupWatch[],
  ) {}

  static async open(brokers: string[], groups: ConsumerGroupWatch[]): Promise<ConsumerGroupsProbe> {
    const admin = new Kafka({ clientId: 'quiescence', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    return new ConsumerGroupsProbe(admin, groups);
  }

  async pending(): Promise<string[]> {
    const { groups } = await this.admin.describeGroups(this.groups.map((group) => group.groupId));
    const byId = new Map(groups.map((group) => [group.groupId, group]));
    const pending = await Promise.all(
      this.groups.map((watch) => this.groupPending(watch, byId.get(watch.groupId))),
    );
    return pending.flat();
  }

  private async groupPending(
    { groupId, startedAt }: ConsumerGroupWatch,
    group: GroupDescription | undefined,
  ): Promise<string[]> {
    // Only a stable group's assignment says who reads what; while it rebalances nothing is being read.
    if (group?.state !== 'Stable') return [`consumer group ${groupId} is ${group?.state ?? 'unknown'}`];
    const assigned = assignedPartitions(group);
    const committed = await this.admin.fetchOffsets({ groupId, topics: [...assigned.keys()] });
    const pending = await Promise.all(
      committed.map(async ({ topic, partitions }) => {
        const ends = await this.admin.fetchTopicOffsets(topic);
        const uncommitted = partitions.some(({ offset }) => Number(offset) < 0);
        const starts =
          uncommitted && startedAt
            ? await this.admin.fetchTopicOffsetsByTimestamp(topic, startedAt.getTime())
            : ends.map(({ partition, low }) => ({ partition, offset: low }));
        return partitions
          .filter(({ partition }) => assigned.get(topic)?.has(partition))
          .map(({ partition, offset }) => {
            const end = Number(ends.find((entry) => entry.partition === partition)?.high ?? 0);
            const from =
              Number(offset) >= 0
                ? Number(offset)
                : Number(starts.find((entry) => entry.partition === partition)?.offset ?? end);
            return { partition, lag: end - from };
          })
          .filter(({ lag }) => lag > 0)
          .map(
            ({ partition, lag }) =>
              `consumer group ${groupId} has ${lag} message(s) to handle on ${topic}[${partition}]`,
          );
      }),
    );
    return pending.flat();
  }

  close(): Promise<void> {
    return this.admin.disconnect();
  }
}

/** Every topic partition the group's members hold. */
function assignedPartitions(group: GroupDescription): Map<string, Set<number>> {
  const assigned = new Map<string, Set<number>>();
  for (const member of group.members) {
    const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    for (const [topic, partitions] of Object.entries(decoded?.assignment ?? {})) {
      const held = assigned.get(topic) ?? new Set<number>();
      for (const partition of partitions) held.add(partition);
      assigned.set(topic, held);
    }
  }
  return assigned;
}

class OutboxProbe implements Probe {
  constructor(
    private readonly connection: Connection,
    private readonly collections: string[],
  ) {}

  async pending(): Promise<string[]> {
    const counts = await Promise.all(
      this.collections.map(async (name) => ({
        name,
        count: await this.connection.collection(name).countDocuments({ 'outbox.0': { $exists: true } }),
      })),
    );
    return counts
      .filter(({ count }) => count > 0)
      .map(
        ({ name, count }) =>
          `${count} document(s) in ${this.connection.name}.${name} with unpublished events`,
      );
  }

  /** The connection is the caller's. */
  async close(): Promise<void> {}
}

class QueuesProbe implements Probe {
  private readonly redis: Redis;
  private readonly queues: Queue[];

  constructor(redisUrl: string, names: string[], prefix?: string) {
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.queues = names.map((name) => new Queue(name, { connection: this.redis, prefix }));
  }

  async pending(): Promise<string[]> {
    const pending = await Promise.all(
      this.queues.map(async (queue) => {
        const counts = await queue.getJobCounts(
          'waiting',
          'active',
          'delayed',
          'prioritized',
          'waiting-children',
        );
        return Object.entries(counts)
          .filter(([, count]) => count > 0)
          .map(([state, count]) => `queue ${queue.name} has ${count} ${state} job(s)`);
      }),
    );
    return pending.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.close()));
    await this.redis.quit();
  }
}
