import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT } from '@cme/local-runtime';

import { freePort } from '@cme/local-runtime';

const run = promisify(execFile);
const INFRA_SCRIPT = path.join(REPO_ROOT, 'infra/local/infra.sh');

export type InfraComponent = 'kafka' | 'mongo' | 'redis' | 'maildev';

/** Where a throwaway instance listens, in the services' configuration variables. */
export interface ThrowawayEndpoints {
  KAFKA_BROKERS: string;
  MONGO_URL: string;
  REDIS_URL: string;
  SMTP_URL: string;
  /** maildev's REST API (`GET /email`). */
  MAIL_VIEWER_URL: string;
}

/**
 * A private copy of some local infrastructure components, started by `infra/local/infra.sh` on free ports
 * with its own state directory. Fault tests stop and restart these on purpose without disturbing the
 * shared instances other suites are using.
 */
export class ThrowawayInfra {
  private constructor(
    private readonly stateDir: string,
    private readonly ports: Record<string, string>,
    readonly endpoints: ThrowawayEndpoints,
  ) {}

  static async start(components: readonly InfraComponent[]): Promise<ThrowawayInfra> {
    const stateDir = await mkdtemp(path.join(tmpdir(), 'cme-throwaway-'));
    const [kafka, controller, mongo, redis, smtp, web] = await Promise.all(
      Array.from({ length: 6 }, freePort),
    );
    const ports = {
      CME_KAFKA_PORT: String(kafka),
      CME_KAFKA_CONTROLLER_PORT: String(controller),
      CME_MONGO_PORT: String(mongo),
      CME_REDIS_PORT: String(redis),
      CME_SMTP_PORT: String(smtp),
      CME_MAIL_WEB_PORT: String(web),
    };
    const infra = new ThrowawayInfra(stateDir, ports, {
      KAFKA_BROKERS: `127.0.0.1:${kafka}`,
      MONGO_URL: `mongodb://127.0.0.1:${mongo}`,
      REDIS_URL: `redis://127.0.0.1:${redis}`,
      SMTP_URL: `smtp://127.0.0.1:${smtp}`,
      MAIL_VIEWER_URL: `http://127.0.0.1:${web}`,
    });
    await infra.up(...components);
    return infra;
  }

  /** Starts the components (again) and waits until each answers. */
  up(...components: InfraComponent[]): Promise<void> {
    return this.infra('up', components);
  }

  /** Stops the components; their data stays, so `up` brings them back as they were. */
  down(...components: InfraComponent[]): Promise<void> {
    return this.infra('down', components);
  }

  /** Stops everything and deletes the state directory. */
  async destroy(): Promise<void> {
    await this.infra('down', []);
    await rm(this.stateDir, { recursive: true, force: true });
  }

  private async infra(command: 'up' | 'down', components: readonly InfraComponent[]): Promise<void> {
    // The memory backend: a throwaway database has nothing to keep across a stop, and starts faster.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...this.ports,
      CME_STATE_DIR: this.stateDir,
      CME_MONGO_BACKEND: 'memory',
    };
    // A MONGO_URL in the environment would make infra.sh use that server instead of starting one.
    delete env.MONGO_URL;
    try {
      await run('bash', [INFRA_SCRIPT, command, ...components], { env, timeout: 180_000 });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`infra.sh ${command} ${components.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
    }
  }
}
