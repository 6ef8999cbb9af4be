import { randomBytes } from 'node:crypto';

import { localIdentityEnv } from '@cme/local-runtime';
import {
  createServiceApp,
  loadConfig,
  type ServiceAppOptions,
  type ServiceConfig,
  type ServiceDefinition,
} from '@cme/platform';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection } from 'mongoose';
import { type z } from 'zod';

import { type ConsumerGroupWatch } from './quiescence';
import { TEST_TOPIC_PREFIX } from './test-topics';

export interface TestService {
  app: NestFastifyApplication;
  /** `http://127.0.0.1:<port>` of the listening service. */
  url: string;
  config: ServiceConfig;
  /** The service's database connection. */
  connection: Connection;
  /** The service's consumer group, started at the topics' ends, for {@link waitForQuiescence}. */
  consumerGroup: ConsumerGroupWatch;
  /** Every route Fastify registered (`GET /v1/courses/:id`), HEAD routes aside. */
  routes: string[];
  close(): Promise<void>;
}

/** Far above what any test sends; tests of the limits themselves set their own. */
const TEST_RATE_LIMIT = '1000000';

/** A short random suffix that keeps test databases and consumer groups apart. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Starts a service in this process against the real local infrastructure, with its own database and
 * consumer group (starting at the topics' ends) on the tests' copies of the topics, trusting the local token issuer, listening on a free
 * port. `close` drops the database.
 */
export async function startTestService<Schema extends z.ZodType<ServiceConfig>>(
  definition: ServiceDefinition<Schema>,
  env: Record<string, string> = {},
  options: Pick<ServiceAppOptions, 'logDestination'> = {},
): Promise<TestService> {
  const suffix = uniqueSuffix();
  const config = loadConfig(definition.configSchema, {
    ...process.env,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    PORT: '0',
    MONGO_DB: `test_${definition.name}_${suffix}`,
    KAFKA_GROUP_ID: `test-${definition.name}-${suffix}`,
    KAFKA_FROM_BEGINNING: 'false',
    KAFKA_TOPIC_PREFIX: TEST_TOPIC_PREFIX,
    ...localIdentityEnv(),
    RATE_LIMIT_PER_IP: TEST_RATE_LIMIT,
    RATE_LIMIT_PER_USER: TEST_RATE_LIMIT,
    ...env,
  });
  const routes: string[] = [];
  const app = await createServiceApp(definition, config, {
    ...options,
    onRoute: ({ method, url }) => {
      if (method !== 'HEAD') routes.push(`${method} ${url}`);
    },
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const connection = app.get<Connection>(getConnectionToken());
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    connection,
    // Start-up returns once the consumer has joined its group and resolved where it reads from.
    consumerGroup: { groupId: config.KAFKA_GROUP_ID, startedAt: new Date() },
    routes,
    async close() {
      await connection.dropDatabase().catch(() => undefined);
      await app.close();
    },
  };
}
