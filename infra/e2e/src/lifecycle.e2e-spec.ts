import { readFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT, SERVICE_NAMES, ServiceProcess } from '@cme/local-runtime';
import { freePort, uniqueSuffix } from '@cme/testing';

function logFile(name: string): string {
  return path.join(REPO_ROOT, '.local/e2e', `${uniqueSuffix()}-lifecycle-${name}.log`);
}

describe('service processes start only with valid configuration and stop cleanly on SIGTERM', () => {
  it.each(SERVICE_NAMES)('%s refuses a malformed variable with one line naming it', async (name) => {
    const service = ServiceProcess.spawn({
      name,
      port: await freePort(),
      logFile: logFile(name),
      env: { KAFKA_BROKERS: 'not a broker list', MONGO_URL: 'postgres://user:secret@db/x' },
    });
    expect(await service.exit).toBe('exited with code 1');
    const lines = readFileSync(service.logFile, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const fatal = JSON.parse(lines[0]) as { level: string; msg: string };
    expect(fatal.level).toBe('fatal');
    expect(fatal.msg).toMatch(/^invalid configuration: MONGO_URL: .*; KAFKA_BROKERS\.0: expected host:port$/);
    // Values can be secrets: the message names variables, never their contents.
    expect(fatal.msg).not.toContain('secret');
  });

  it.each(SERVICE_NAMES)('%s closes its connections and ends by itself on SIGTERM', async (name) => {
    const service = ServiceProcess.spawn({
      name,
      port: await freePort(),
      logFile: logFile(name),
      env: { MONGO_DB: `e2e_lifecycle_${uniqueSuffix()}`, KAFKA_GROUP_ID: `e2e-lifecycle-${uniqueSuffix()}` },
    });
    await service.ready();
    // stop() falls back to SIGKILL after 15 s. Nest's shutdown hooks close every module (HTTP, consumers,
    // producers, workers, connections) and then re-raise the signal, so a clean end reads "killed by SIGTERM".
    await service.stop();
    expect(await service.exit).toBe('was killed by SIGTERM');
  });
});
