/**
 * Database conformance: what the services rely on, tried against whatever MongoDB-wire server the local
 * infrastructure runs (mongo-java-server by default) or `MONGO_URL` (a real MongoDB). The outbox lives
 * inside each aggregate's document and versions are optimistic, so per-document atomicity is not a detail:
 * FerretDB 1.24, which applies updates as read-modify-write without isolation, fails the first block.
 *
 * The other blocks hold every query and update shape the repositories and stores issue, each named after
 * its user. A repository that starts using a new shape adds it here.
 */
import { randomUUID } from 'node:crypto';

import mongoose, { type Connection, mongo } from 'mongoose';

import { AppException } from '../src/errors/app-exception';
import { toProblem } from '../src/errors/problem-json';
import { insertAllowingDuplicates, isDuplicateKey } from '../src/database/duplicate-key';

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';

interface Aggregate {
  _id: string;
  version: number;
  title?: string;
  summary?: string;
  outbox: { id: string; type: string }[];
  counter?: number;
}

describe(`database conformance (${MONGO_URL.replace(/\/\/[^@]*@/, '//')})`, () => {
  let connection: Connection;
  let aggregates: mongo.Collection<Aggregate>;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(MONGO_URL, {
        dbName: `conformance_${randomUUID().slice(0, 8)}`,
        // Enough connections that concurrent operations really reach the server at once.
        maxPoolSize: 64,
        serverSelectionTimeoutMS: 5000,
      })
      .asPromise();
    aggregates = connection.db!.collection<Aggregate>('aggregates');
  });

  afterAll(async () => {
    await connection?.dropDatabase().catch(() => undefined);
    await connection?.close();
  });

  const newAggregate = async (fields: Partial<Aggregate> = {}): Promise<string> => {
    const _id = randomUUID();
    await aggregates.insertOne({ _id, version: 0, outbox: [], ...fields });
    return _id;
  };

  describe('per-document atomicity', () => {
    it('applies 50 concurrent $inc of one field, all of them', async () => {
      const _id = await newAggregate({ counter: 0 });
      await Promise.all(
        Array.from({ length: 50 }, () => aggregates.updateOne({ _id }, { $inc: { counter: 1 } })),
      );
      expect((await aggregates.findOne({ _id }))?.counter).toBe(50);
    });

    it.each([1, 2, 3, 4, 5])(
      'lets exactly one of 8 concurrent version-conditional findOneAndUpdate calls win (round %i)',
      async () => {
        const _id = await newAggregate();
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, writer) =>
            aggregates.findOneAndUpdate(
              { _id, version: 0 },
              {
                $set: { title: `writer ${writer}` },
                $inc: { version: 1 },
                $push: { outbox: { id: `event-${writer}`, type: 'changed' } },
              },
              { returnDocument: 'after' },
            ),
          ),
        );
        const winners = results.filter((result) => result !== null);
        expect(winners).toHaveLength(1);
        const stored = await aggregates.findOne({ _id });
        expect(stored).toMatchObject({ version: 1, title: winners[0]?.title });
        expect(stored?.outbox).toHaveLength(1);
      },
    );

    it('never acknowledges two version-conditional writers of one aggregate (200 trials of 2)', async () => {
      let acknowledgedBoth = 0;
      let lostEvents = 0;
      for (let trial = 0; trial < 200; trial++) {
        const _id = await newAggregate();
        const results = await Promise.all(
          [0, 1].map((writer) =>
            aggregates.updateOne(
              { _id, version: 0 },
              { $inc: { version: 1 }, $push: { outbox: { id: `event-${writer}`, type: 'changed' } } },
            ),
          ),
        );
        const acknowledged = results.filter((result) => result.modifiedCount === 1).length;
        if (acknowledged === 2) acknowledgedBoth++;
        const stored = await aggregates.findOne({ _id });
        if ((stored?.outbox.length ?? 0) !== acknowledged) lostEvents++;
      }
      expect({ acknowledgedBoth, lostEvents }).toEqual({ acknowledgedBoth: 0, lostEvents: 0 });
    });

    it("keeps a service's new outbox event when the relay's clear of older ones races it (outbox relay)", async () => {
      for (let trial = 0; trial < 50; trial++) {
        const _id = await newAggregate({ outbox: [{ id: 'published', type: 'changed' }] });
        await Promise.all([
          aggregates.updateOne({ _id }, { $pull: { outbox: { id: { $in: ['published'] } } } }),
          aggregates.updateOne(
            { _id, version: 0 },
            { $inc: { version: 1 }, $push: { outbox: { id: 'new', type: 'changed' } } },
          ),
        ]);
        expect((await aggregates.findOne({ _id }))?.outbox).toEqual([{ id: 'new', type: 'changed' }]);
      }
    });
  });

  describe('unique indexes', () => {
    let people: mongo.Collection<{ _id: string; email?: string }>;

    beforeAll(async () => {
      people = connection.db!.collection('people');
      await people.createIndex({ email: 1 }, { unique: true });
    });

    it('refuses a duplicate with code 11000, which repositories recognise and map to a 409', async () => {
      await people.insertOne({ _id: randomUUID(), email: 'a@example.org' });
      const duplicate = await people.insertOne({ _id: randomUUID(), email: 'a@example.org' }).catch((e) => e);
      expect(isDuplicateKey(duplicate)).toBe(true);
      const sameId = await aggregates
        .insertOne({ _id: await newAggregate(), version: 0, outbox: [] })
        .catch((e) => e);
      expect(isDuplicateKey(sameId)).toBe(true);
      // What a repository throws for it, and what the client then reads.
      expect(toProblem(AppException.conflict('course-changed', 'x')).problem.status).toBe(409);
      // Left unhandled, the same driver error is a fault, never a silent 409.
      expect(toProblem(duplicate).problem.status).toBe(500);
    });

    it('counts a missing field as a duplicate null, as MongoDB does', async () => {
      await people.insertOne({ _id: randomUUID() });
      expect(isDuplicateKey(await people.insertOne({ _id: randomUUID() }).catch((e) => e))).toBe(true);
    });

    it('reports which documents of an unordered insertMany were duplicates (claims, leases)', async () => {
      const taken = `lease-${randomUUID()}`;
      const leases = connection.db!.collection<{ _id: string; owner: string }>('leases');
      await leases.insertOne({ _id: taken, owner: 'first' });
      const refused = await insertAllowingDuplicates(leases, [
        { _id: `lease-${randomUUID()}`, owner: 'second' },
        { _id: taken, owner: 'second' },
        { _id: `lease-${randomUUID()}`, owner: 'second' },
      ]);
      expect([...refused]).toEqual([1]);
      expect(await leases.countDocuments({ owner: 'second' })).toBe(2);
    });

    it('applies concurrent upserts of one unique key without duplicate-key errors (read models)', async () => {
      const counters = connection.db!.collection<{ _id: string; key: string; n: number }>('counters');
      await counters.createIndex({ key: 1 }, { unique: true });
      const key = randomUUID();
      await Promise.all(
        Array.from({ length: 8 }, () =>
          counters.updateOne(
            { key },
            { $inc: { n: 1 }, $setOnInsert: { _id: randomUUID() } },
            { upsert: true },
          ),
        ),
      );
      expect((await counters.findOne({ key }))?.n).toBe(8);
    });
  });

  describe('the shapes the repositories use', () => {
    it('course repository: conditional replace with $set, $unset and $push $each; read without the outbox', async () => {
      const _id = await newAggregate({ title: 'Draft', summary: 'to remove' });
      const result = await aggregates.updateOne(
        { _id, version: 0 },
        {
          $set: { version: 1, title: 'Published' },
          $unset: { summary: '' },
          $push: { outbox: { $each: [{ id: 'e1', type: 'published' }] } },
        },
      );
      expect(result.modifiedCount).toBe(1);
      const read = await aggregates.findOne({ _id }, { projection: { outbox: 0 } });
      expect(read).toEqual({ _id, version: 1, title: 'Published' });
      const stale = await aggregates.updateOne({ _id, version: 0 }, { $set: { title: 'Lost' } });
      expect(stale.modifiedCount).toBe(0);
    });

    it('course repository: search filters, multikey $all, ranges, keyset $or, sort and limit; streaming', async () => {
      const courses = connection.db!.collection<{ _id: string } & Record<string, unknown>>('courses');
      const base = Date.UTC(2026, 0, 1);
      await courses.insertMany(
        Array.from({ length: 30 }, (_, i) => ({
          _id: `c-${String(i).padStart(2, '0')}`,
          status: i % 10 === 9 ? 'draft' : 'published',
          keywords: i % 2 === 0 ? ['opioid', 'opio', 'pain'] : ['pain'],
          topics: [i % 3 === 0 ? 'ethics' : 'pain-management'],
          credits: [{ type: i % 7 === 0 ? 'ANCC_CH' : 'AMA_PRA_1', amount: 1 }],
          professions: ['physician'],
          availableFrom: '2026-01-01',
          availableTo: i < 15 ? '2026-06-30' : '9999-12-31',
          // Courses share publication instants, so the keyset needs the id to break ties.
          publishedAt: new Date(base + Math.floor(i / 4) * 60_000),
        })),
      );
      const filter = {
        status: 'published',
        keywords: { $all: ['opioid', 'pain'] },
        topics: 'pain-management',
        'credits.type': 'AMA_PRA_1',
        professions: 'physician',
        availableFrom: { $lte: '2026-12-01' },
        availableTo: { $gte: '2026-12-01' },
      };
      const sort = { publishedAt: -1, _id: -1 } as const;
      const everything = (await courses.find(filter).sort(sort).toArray()).map((c) => c._id);
      expect(everything).toEqual(['c-26', 'c-22', 'c-20', 'c-16']);
      const firstPage = await courses.find(filter).sort(sort).limit(2).toArray();
      const last = firstPage[1];
      const rest = await courses
        .find({
          ...filter,
          $or: [
            { publishedAt: { $lt: last.publishedAt } },
            { publishedAt: last.publishedAt, _id: { $lt: last._id } },
          ],
        })
        .sort(sort)
        .toArray();
      expect([...firstPage, ...rest].map((c) => c._id)).toEqual(everything);
      const streamed: unknown[] = [];
      for await (const course of courses.find({ status: { $in: ['published', 'retired'] } }))
        streamed.push(course);
      expect(streamed).toHaveLength(27);
    });

    it('outbox relay: pending events by a range on outbox.id, read by $in, clear by $pull of ids, backlog', async () => {
      const pending = await newAggregate({
        outbox: [
          { id: 'p1', type: 't' },
          { id: 'p2', type: 't' },
        ],
      });
      const none = await newAggregate();
      const found = (
        await aggregates.find({ 'outbox.id': { $gt: '' } }, { projection: { _id: 1 } }).toArray()
      ).map((doc) => doc._id);
      expect(found).toContain(pending);
      expect(found).not.toContain(none);
      const read = await aggregates
        .find({ _id: { $in: [pending, none] } }, { projection: { outbox: 1 } })
        .toArray();
      expect(read.find((doc) => doc._id === pending)?.outbox).toHaveLength(2);
      const [backlog] = await aggregates
        .aggregate<{ events: number }>([
          { $match: { _id: pending } },
          { $unwind: '$outbox' },
          { $count: 'events' },
        ])
        .toArray();
      expect(backlog.events).toBe(2);
      const after = await aggregates.findOneAndUpdate(
        { _id: pending },
        { $pull: { outbox: { id: { $in: ['p1'] } } } },
        { returnDocument: 'after', projection: { outbox: 1 } },
      );
      expect(after?.outbox).toEqual([{ id: 'p2', type: 't' }]);
    });

    it('leases and claims: take over an expired one conditionally, release by $in and owner, prune by date', async () => {
      const leases = connection.db!.collection<{ _id: string; owner: string; until: Date; at: Date }>(
        'claims',
      );
      const now = new Date();
      await leases.insertMany([
        { _id: 'expired', owner: 'dead', until: new Date(now.getTime() - 1000), at: new Date(0) },
        { _id: 'live', owner: 'alive', until: new Date(now.getTime() + 60_000), at: now },
      ]);
      const takeovers = await Promise.all(
        ['expired', 'live'].map((_id) =>
          leases.updateOne(
            { _id, until: { $lt: now } },
            { $set: { owner: 'me', until: new Date(now.getTime() + 30_000) } },
          ),
        ),
      );
      expect(takeovers.map((result) => result.modifiedCount)).toEqual([1, 0]);
      await leases.updateMany(
        { _id: { $in: ['expired', 'live'] }, owner: 'me' },
        { $set: { until: new Date(0) } },
      );
      expect((await leases.findOne({ _id: 'expired' }))?.until).toEqual(new Date(0));
      await leases.deleteMany({ at: { $lt: new Date(1) } });
      expect(await leases.countDocuments()).toBe(1);
    });

    it('read models: an upsert conditional on an older version, which a newer document refuses as a duplicate', async () => {
      const courses = connection.db!.collection<{ _id: string; version: number; title: string }>(
        'read_model',
      );
      const apply = (version: number) =>
        courses
          .updateOne(
            { _id: 'c-1', version: { $lt: version } },
            { $set: { version, title: `v${version}` } },
            { upsert: true },
          )
          .then((result) => (result.modifiedCount + result.upsertedCount > 0 ? 'applied' : 'stale'))
          .catch((error: unknown) => (isDuplicateKey(error) ? 'stale' : Promise.reject(error)));
      expect(await apply(2)).toBe('applied');
      expect(await apply(1)).toBe('stale');
      expect(await apply(2)).toBe('stale');
      expect(await apply(3)).toBe('applied');
      expect((await courses.findOne({ _id: 'c-1' }))?.title).toBe('v3');
    });

    it('delivery log: insert-if-absent by $setOnInsert upsert, then a conditional status change', async () => {
      const deliveries = connection.db!.collection<{ _id: string; status: string; subject?: string }>(
        'deliveries',
      );
      const record = () =>
        deliveries.updateOne(
          { _id: 'd-1' },
          { $setOnInsert: { status: 'queued', subject: 'first' } },
          { upsert: true },
        );
      await Promise.all([record(), record(), record()]);
      expect(await deliveries.countDocuments({ _id: 'd-1' })).toBe(1);
      const sent = await Promise.all(
        [0, 1].map(() =>
          deliveries.updateOne({ _id: 'd-1', status: 'queued' }, { $set: { status: 'sent' } }),
        ),
      );
      expect(sent.map((result) => result.modifiedCount).sort()).toEqual([0, 1]);
    });
  });
});
