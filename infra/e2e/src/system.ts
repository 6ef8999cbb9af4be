import path from 'node:path';

import {
  dropDatabases,
  freePort,
  REPO_ROOT,
  SERVICE_NAMES,
  ServiceProcess,
  type ServiceName,
} from '@cme/local-runtime';
import { TEST_TOPIC_PREFIX, uniqueSuffix } from '@cme/testing';

/** The three built services, each its own process, on free ports with databases and consumer groups of their own. */
export class RunningSystem {
  private constructor(
    readonly services: Record<ServiceName, ServiceProcess>,
    private readonly mongoUrl: string,
    private readonly databases: string[],
  ) {}

  static async start(env: Record<string, string> = {}): Promise<RunningSystem> {
    const run = uniqueSuffix();
    const entries = await Promise.all(
      SERVICE_NAMES.map(async (name) => {
        const service = ServiceProcess.spawn({
          name,
          port: await freePort(),
          logFile: path.join(REPO_ROOT, '.local/e2e', `${run}-${name}.log`),
          env: {
            LOG_LEVEL: 'info',
            MONGO_DB: `e2e_${name}_${run}`,
            KAFKA_GROUP_ID: `e2e-${name}-${run}`,
            // Fresh groups start at the topics' ends: a run sees only its own events.
            KAFKA_FROM_BEGINNING: 'false',
            KAFKA_TOPIC_PREFIX: TEST_TOPIC_PREFIX,
            ...env,
          },
        });
        return [name, service] as const;
      }),
    );
    const services = Object.fromEntries(entries) as Record<ServiceName, ServiceProcess>;
    const system = new RunningSystem(
      services,
      env.MONGO_URL ?? process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
      SERVICE_NAMES.map((name) => `e2e_${name}_${run}`),
    );
    try {
      await Promise.all(Object.values(services).map((service) => service.ready()));
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  url(name: ServiceName): string {
    return this.services[name].url;
  }

  /** Stops the processes (SIGTERM, as an orchestrator would) and drops their databases. */
  async stop(): Promise<void> {
    await Promise.all(Object.values(this.services).map((service) => service.stop()));
    await dropDatabases(this.mongoUrl, this.databases);
  }
}
