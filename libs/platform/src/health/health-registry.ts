import { Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';

export type DependencyProbe = () => Promise<void>;

const PROBE_TIMEOUT_MS = 2000;

/** What `GET /health/ready` answers; a schema, so that the OpenAPI document shows it. */
export const ReadinessReportSchema = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z
    .record(z.string(), z.object({ status: z.enum(['up', 'down']) }))
    .describe(
      'Up or down per dependency; why one is down goes to the log only (no addresses or driver text).',
    ),
});

export type ReadinessReport = z.infer<typeof ReadinessReportSchema>;

/** Each adapter of an outside system (database, broker, Redis, SMTP) registers how to tell that it is up. */
@Injectable()
export class HealthRegistry {
  private readonly logger = new Logger('health');
  private readonly probes = new Map<string, DependencyProbe>();

  register(dependency: string, probe: DependencyProbe): void {
    this.probes.set(dependency, probe);
  }

  /** The check under way: callers that ask meanwhile share it (see {@link readiness}). */
  private checking: Promise<ReadinessReport> | undefined;

  /**
   * Probes every dependency. Requests that arrive while a check is under way share its answer instead of
   * probing again: a load balancer's or a test's burst of readiness requests costs the dependencies one
   * round of probes, and on a busy machine does not queue up probes that then miss their timeout.
   */
  readiness(): Promise<ReadinessReport> {
    this.checking ??= this.probeAll().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async probeAll(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.probes].map(async ([name, probe]) => {
        try {
          await withTimeout(probe(), PROBE_TIMEOUT_MS);
          return [name, { status: 'up' as const }] as const;
        } catch (error) {
          this.logger.warn({ msg: 'dependency down', dependency: name, error: (error as Error).message });
          return [name, { status: 'down' as const }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, check]) => check.status === 'up');
    return { status: ready ? 'ready' : 'unavailable', checks };
  }
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
