import { randomBytes } from 'node:crypto';
import path from 'node:path';

import {
  dropDatabases,
  freePort,
  IDENTITY_PROVIDER_ENTRY_POINT,
  REPO_ROOT,
  SERVICE_NAMES,
  serviceEntryPoint,
  ServiceProcess,
} from '@cme/local-runtime';

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';

/**
 * The whole system for the browser tests, on free ports: a local OpenID provider of its own (its issuer URL
 * names its port, so the services are told to trust it), the three built services with throwaway databases and
 * consumer groups, and the built portal. The demo data is seeded by the caller once everything is ready.
 */
export class PortalSystem {
  private constructor(
    readonly processes: ServiceProcess[],
    readonly portalUrl: string,
    readonly serviceUrls: { catalog: string; credits: string },
    private readonly databases: string[],
  ) {}

  /** `issuer` must already be in process.env.CME_LOCAL_ISSUER: tokens minted here carry it too. */
  static async start(issuer: string): Promise<PortalSystem> {
    const run = randomBytes(4).toString('hex');
    const logFile = (name: string) => path.join(REPO_ROOT, '.local/e2e', `portal-${run}-${name}.log`);
    const portalUrl = `http://127.0.0.1:${await freePort()}`;
    const identity = ServiceProcess.spawn({
      name: 'identity',
      port: Number(new URL(issuer).port),
      entryPoint: IDENTITY_PROVIDER_ENTRY_POINT,
      env: { CME_LOCAL_ISSUER: issuer, LOCAL_OIDC_PORTAL_URLS: portalUrl },
      logFile: logFile('identity'),
    });
    const ports = await Promise.all(SERVICE_NAMES.map(() => freePort()));
    const services = SERVICE_NAMES.map((name, index) =>
      ServiceProcess.spawn({
        name,
        port: ports[index],
        logFile: logFile(name),
        env: {
          AUTH_ISSUER: issuer,
          MONGO_DB: `e2e_${name}_${run}`,
          KAFKA_GROUP_ID: `e2e-${name}-${run}`,
          // Fresh groups start at the topics' ends: a run sees only its own events.
          KAFKA_FROM_BEGINNING: 'false',
          // The tests' copies of the topics (TEST_TOPIC_PREFIX of @cme/testing, which this loader cannot load):
          // `npm start`'s services on the same broker never act on this run's demo practitioner.
          KAFKA_TOPIC_PREFIX: 'test.',
        },
      }),
    );
    const [catalog, credits, notifications] = services.map((service) => service.url);
    const portal = ServiceProcess.spawn({
      name: 'portal',
      port: Number(new URL(portalUrl).port),
      entryPoint: serviceEntryPoint('portal'),
      logFile: logFile('portal'),
      env: {
        PORTAL_PUBLIC_URL: portalUrl,
        OIDC_ISSUER: issuer,
        CATALOG_URL: catalog,
        CREDITS_URL: credits,
        NOTIFICATIONS_URL: notifications,
      },
    });
    const system = new PortalSystem(
      [identity, ...services, portal],
      portalUrl,
      { catalog, credits },
      SERVICE_NAMES.map((name) => `e2e_${name}_${run}`),
    );
    try {
      await Promise.all(system.processes.map((process) => process.ready()));
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((process) => process.stop()));
    await dropDatabases(MONGO_URL, this.databases);
  }
}
