import mongoose from 'mongoose';

/** Drops the databases a run of processes used (best effort: an unreachable server leaves them). */
export async function dropDatabases(mongoUrl: string, databases: readonly string[]): Promise<void> {
  const connection = await mongoose
    .createConnection(mongoUrl, { serverSelectionTimeoutMS: 5000 })
    .asPromise()
    .catch(() => undefined);
  if (!connection) return;
  for (const database of databases) {
    await connection
      .useDb(database)
      .dropDatabase()
      .catch(() => undefined);
  }
  await connection.close();
}
