import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './repository-root';
import { waitFor } from './wait-for';

export const SERVICE_NAMES = ['catalog', 'credits', 'notifications'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The architecture's local ports. */
export const DEFAULT_PORTS: Record<ServiceName, number> = {
  catalog: 3001,
  credits: 3002,
  notifications: 3003,
};

/** The portal (web app and sign-in) and the local OpenID provider it signs in with (LOCAL_ISSUER's port). */
export const PORTAL_PORT = 3000;
export const IDENTITY_PROVIDER_PORT = 3010;

/**
 * V8 flags a service runs with (here, in `nx run <service>:serve` and in its container's NODE_V8_FLAGS).
 * Credits: one compliance evaluation of a 500-credit ledger allocates about 0.4 MB, so V8's default young
 * generation (a few MB) is collected every few dozen evaluations and those pauses became the p99; a fixed
 * 64 MB semi-space collects it a few times less often, at the cost of about 200 MB of reserved heap.
 */
export const SERVICE_V8_FLAGS: Partial<Record<ServiceName, readonly string[]>> = {
  credits: ['--min-semi-space-size=64', '--max-semi-space-size=64'],
};

/** Where `nx run <service>:build` puts the service's entry point (tools/build-app.cjs); the portal's too. */
export function serviceEntryPoint(name: ServiceName | 'portal'): string {
  return path.join(REPO_ROOT, 'dist/services', name, 'main.js');
}

/** The local OpenID provider: a plain Node script, run from the repository (no build). */
export const IDENTITY_PROVIDER_ENTRY_POINT = path.join(
  REPO_ROOT,
  'infra/local/identity/local-oidc-provider.mjs',
);

export interface ServiceProcessOptions {
  /** A service, or `portal` / `identity` with their `entryPoint`. */
  name: string;
  port: number;
  /** The script to run; by default the built service `name`'s. */
  entryPoint?: string;
  /** Variables on top of this process's environment. */
  env?: Record<string, string>;
  /** The service's output (JSON logs) is appended here. */
  logFile: string;
}

/** A built service running as its own process, as in production. */
export class ServiceProcess {
  private exitReason?: string;
  /** Resolves when the process ends, with how it ended ("exited with code 1", "was killed by SIGKILL"). */
  readonly exit: Promise<string>;

  private constructor(
    readonly name: string,
    readonly url: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {
    this.exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitReason = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        resolve(this.exitReason);
      }),
    );
  }

  static spawn({ name, port, entryPoint, env = {}, logFile }: ServiceProcessOptions): ServiceProcess {
    mkdirSync(path.dirname(logFile), { recursive: true });
    const log = createWriteStream(logFile, { flags: 'a' });
    const v8Flags = SERVICE_V8_FLAGS[name as ServiceName] ?? [];
    const child = spawn(
      process.execPath,
      [...v8Flags, entryPoint ?? serviceEntryPoint(name as ServiceName)],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('exit', () => log.end());
    return new ServiceProcess(name, `http://127.0.0.1:${port}`, logFile, child);
  }

  /** The last lines of the service's log, to show why it did not start. */
  logTail(lines = 15): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Resolves once `GET /health/ready` answers 200; fails at once if the process exits first. */
  async ready(timeoutMs = 90_000): Promise<void> {
    await waitFor(
      async () => {
        if (this.exitReason) throw new ExitedError(`${this.name} ${this.exitReason}`);
        const response = await fetch(`${this.url}/health/ready`).catch(() => undefined);
        return response?.status === 200 ? true : undefined;
      },
      { timeoutMs, what: `${this.name} to be ready at ${this.url}/health/ready`, stopOn: ExitedError },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- last lines of ${this.logFile}:\n${this.logTail()}`);
    });
  }

  /** SIGKILL: the service stops where it is, as in a crash, without closing anything. */
  async kill(): Promise<void> {
    if (this.exitReason) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }

  /** SIGTERM (the service closes its connections), then SIGKILL if it has not exited in time. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.exitReason) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exit;
    clearTimeout(timer);
  }
}

class ExitedError extends Error {}
