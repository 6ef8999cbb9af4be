import { ConfigError } from '@cme/platform';

import { loadPortalSettings } from './portal-config';
import { createPortalApp } from './portal-app';

async function main(): Promise<void> {
  let loaded: ReturnType<typeof loadPortalSettings>;
  try {
    loaded = loadPortalSettings();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`portal: ${error.message}\n`);
    process.exit(1);
  }
  const app = await createPortalApp(loaded.config, loaded.settings);
  await app.listen({ host: loaded.config.HOST, port: loaded.config.PORT });
}

void main();
