import { type InfraComponent, ThrowawayInfra, waitFor } from '@cme/testing';

import { RunningSystem } from './system';

/** Each infrastructure component and the name a service's readiness report gives it. */
const DEPENDENCIES: [InfraComponent, string][] = [
  ['mongo', 'mongodb'],
  ['kafka', 'kafka'],
  ['redis', 'redis'],
  ['maildev', 'smtp'],
];

interface Readiness {
  status: number;
  body: { checks?: Record<string, unknown>; down?: string[]; detail?: string };
}

async function readiness(url: string): Promise<Readiness> {
  const response = await fetch(`${url}/health/ready`);
  return { status: response.status, body: (await response.json()) as Readiness['body'] };
}

describe('readiness follows each real dependency (a private copy of the infrastructure is stopped and restarted)', () => {
  let infra: ThrowawayInfra;
  let system: RunningSystem;
  /** Which dependencies each service reports, read from its own readiness while everything is up. */
  const checksOf = new Map<string, string[]>();

  beforeAll(async () => {
    infra = await ThrowawayInfra.start(['kafka', 'mongo', 'redis', 'maildev']);
    const { KAFKA_BROKERS, MONGO_URL, REDIS_URL, SMTP_URL } = infra.endpoints;
    system = await RunningSystem.start({ KAFKA_BROKERS, MONGO_URL, REDIS_URL, SMTP_URL });
  });

  afterAll(async () => {
    await system?.stop();
    await infra?.destroy();
  });

  it('is 200 with every dependency up', async () => {
    for (const service of Object.values(system.services)) {
      const ready = await readiness(service.url);
      expect(ready.status).toBe(200);
      checksOf.set(service.name, Object.keys(ready.body.checks ?? {}));
    }
    expect(checksOf.get('notifications')).toEqual(
      expect.arrayContaining(['mongodb', 'kafka', 'redis', 'smtp']),
    );
    expect(checksOf.get('catalog')).toEqual(expect.arrayContaining(['mongodb', 'kafka']));
    expect(checksOf.get('credits')).toEqual(expect.arrayContaining(['mongodb', 'kafka']));
  });

  it.each(DEPENDENCIES)(
    'is 503 naming %s (%s) while it is stopped, and 200 again once it is back',
    async (component, check) => {
      const dependents = Object.values(system.services).filter((service) =>
        checksOf.get(service.name)?.includes(check),
      );
      expect(dependents.length).toBeGreaterThan(0);

      await infra.down(component);
      for (const service of dependents) {
        const down = await waitFor(
          async () => {
            const ready = await readiness(service.url);
            return ready.status === 503 ? ready : undefined;
          },
          { timeoutMs: 30_000, what: `${service.name} to report ${check} down` },
        );
        expect(down.body.down).toEqual([check]);
        expect(down.body.detail).toBe(`Not ready: ${check} is down.`);
        // Which component is down, never why: no address, port or driver message leaves the service.
        expect(JSON.stringify(down.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:\d{4,5}\b/);
      }

      await infra.up(component);
      for (const service of Object.values(system.services)) {
        await waitFor(async () => ((await readiness(service.url)).status === 200 ? true : undefined), {
          timeoutMs: 90_000,
          what: `${service.name} to be ready again after ${component} came back`,
        });
      }
    },
  );
});
