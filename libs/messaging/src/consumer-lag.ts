import { type Admin } from 'kafkajs';

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/** Partitions by topic, as a consumer group member was assigned them. */
export type Assignment = Record<string, number[]>;

/**
 * Messages between the group's committed offset and the end of each assigned partition. Where the group has
 * committed nothing yet, `startOf` says where this member started reading (undefined: it has fetched
 * nothing there yet, so it starts at the first retained message or at the end, as it was told to).
 */
export async function consumerLag(
  admin: Admin,
  groupId: string,
  assignment: Assignment,
  startOf: (topic: string, partition: number) => string | undefined,
  fromBeginning: boolean,
): Promise<PartitionLag[]> {
  const topics = Object.keys(assignment);
  if (topics.length === 0) return [];
  const committed = await admin.fetchOffsets({ groupId, topics });
  const rows = await Promise.all(
    committed.map(async ({ topic, partitions }) => {
      const ends = new Map(
        (await admin.fetchTopicOffsets(topic)).map((end) => [end.partition, end] as const),
      );
      const assigned = new Set(assignment[topic]);
      return partitions.flatMap(({ partition, offset }) => {
        const end = ends.get(partition);
        if (!end || !assigned.has(partition)) return [];
        const start =
          Number(offset) >= 0 ? offset : (startOf(topic, partition) ?? (fromBeginning ? end.low : end.high));
        return [{ topic, partition, lag: Math.max(0, Number(end.high) - Number(start)) }];
      });
    }),
  );
  return rows.flat();
}
