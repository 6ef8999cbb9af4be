import { randomBytes } from 'node:crypto';

import { createServiceApp, loadConfig, type ServiceConfig, type ServiceDefinition } from '@cme/platform';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection } from 'mongoose';
import { type z } from 'zod';

export interface TestService {
  app: NestFastifyApplication;
  /** `http://127.0.0.1:<port>` of the listening service. */
  url: string;
  config: ServiceConfig;
  close(): Promise<void>;
}

/** A short random suffix that keeps test databases and consumer groups apart. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Starts a service in this process against the real local infrastructure, with its own database and
 * consumer group (starting at the topics' ends), listening on a free port. `close` drops the database.
 */
export async function startTestService<Schema extends z.ZodType<ServiceConfig>>(
  definition: ServiceDefinition<Schema>,
  env: Record<string, string> = {},
): Promise<TestService> {
  const suffix = uniqueSuffix();
  const config = loadConfig(definition.configSchema, {
    ...process.env,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    PORT: '0',
    MONGO_DB: `test_${definition.name}_${suffix}`,
    KAFKA_GROUP_ID: `test-${definition.name}-${suffix}`,
    KAFKA_FROM_BEGINNING: 'false',
    ...env,
  });
  const app = await createServiceApp(definition, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    async close() {
      const connection = app.get<Connection>(getConnectionToken());
      await connection.dropDatabase().catch(() => undefined);
      await app.close();
    },
  };
}
