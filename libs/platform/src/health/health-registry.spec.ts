import { HealthRegistry } from './health-registry';

describe('readiness', () => {
  it('is ready when every dependency answers, and names the ones that do not', async () => {
    const registry = new HealthRegistry();
    registry.register('mongodb', async () => undefined);
    expect(await registry.readiness()).toEqual({ status: 'ready', checks: { mongodb: { status: 'up' } } });

    registry.register('kafka', async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9092');
    });
    expect(await registry.readiness()).toEqual({
      status: 'unavailable',
      checks: {
        mongodb: { status: 'up' },
        kafka: { status: 'down' },
      },
    });
    // Why it is down (an address, a driver message) stays in the log.
    expect(JSON.stringify(await registry.readiness())).not.toContain('ECONNREFUSED');
  });

  it('counts a dependency that hangs as down', async () => {
    const registry = new HealthRegistry();
    registry.register('redis', () => new Promise(() => undefined));
    const report = await registry.readiness();
    expect(report.checks.redis).toEqual({ status: 'down' });
  }, 5000);

  it('answers requests that arrive during a check from that check, probing each dependency once', async () => {
    const registry = new HealthRegistry();
    let probes = 0;
    registry.register('mongodb', async () => {
      probes += 1;
      await new Promise((resolve) => setImmediate(resolve));
    });
    const reports = await Promise.all([registry.readiness(), registry.readiness(), registry.readiness()]);
    expect(probes).toBe(1);
    expect(reports.every((report) => report.status === 'ready')).toBe(true);
    // Once answered, the next request probes again.
    await registry.readiness();
    expect(probes).toBe(2);
  });
});
