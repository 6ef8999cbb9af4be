import { writeFileSync } from 'node:fs';

import { freePort, seedDemoData } from '@cme/local-runtime';

import { SYSTEM_FILE } from './e2e-paths';
import { PortalSystem } from './portal-system';

/**
 * Starts the system once for every test file and seeds the demo practitioner; the tests read the portal's URL
 * from SYSTEM_FILE. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // Before the local issuer is first loaded (lazily, by the first token): the seeding's tokens carry it.
  const issuer = `http://127.0.0.1:${await freePort()}`;
  process.env.CME_LOCAL_ISSUER = issuer;
  const system = await PortalSystem.start(issuer);
  try {
    await seedDemoData(system.serviceUrls);
  } catch (error) {
    await system.stop();
    throw error;
  }
  writeFileSync(SYSTEM_FILE, JSON.stringify({ portalUrl: system.portalUrl }));
  return () => system.stop();
}
