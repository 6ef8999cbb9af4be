/* eslint-disable no-console -- this is the terminal program behind `npm start`; the console is its interface */
import { readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';

import {
  callerToken,
  DEFAULT_PORTS,
  DEMO_COURSES,
  DEMO_OUTSIDE_CREDITS,
  DEMO_PRACTITIONER,
  DEMO_STAFF_ID,
  type DemoData,
  IDENTITY_PROVIDER_ENTRY_POINT,
  IDENTITY_PROVIDER_PORT,
  PORTAL_PORT,
  REPO_ROOT,
  seedDemoData,
  serviceEntryPoint,
  SERVICE_NAMES,
  ServiceProcess,
} from '@cme/local-runtime';

const STATE_DIR = path.join(REPO_ROOT, '.local');
const LOG_DIR = path.join(STATE_DIR, 'services');
const DEMO_STATE = path.join(STATE_DIR, 'demo-data.json');
const MAIL_VIEWER = 'http://127.0.0.1:1080';
const DEMO_TOKEN_TTL = 12 * 3600;

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function readDemoState(): DemoData | undefined {
  try {
    return JSON.parse(readFileSync(DEMO_STATE, 'utf8')) as DemoData;
  } catch {
    return undefined;
  }
}

/** The sign-in accounts of the local OpenID provider (infra/local/identity/local-issuer.cjs). */
const PORTAL_ACCOUNTS = 'practitioner / practitioner, staff / staff, admin / admin';

/**
 * `npm start`, after the infrastructure is up and the services and the portal are built: runs the three
 * services, the local OpenID provider and the portal as processes, waits until each is ready, seeds the demo
 * data and prints where to look. Ctrl-C stops them.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const ports: Record<string, number> = {
    ...DEFAULT_PORTS,
    identity: IDENTITY_PROVIDER_PORT,
    portal: PORTAL_PORT,
  };
  for (const [name, port] of Object.entries(ports)) {
    if (await portInUse(port)) {
      console.error(
        `port ${port} (${name}) is already in use: is \`npm start\` running in another terminal?`,
      );
      process.exit(1);
    }
  }

  const env = { NODE_ENV: process.env.NODE_ENV ?? 'development' };
  const services = SERVICE_NAMES.map((name) =>
    ServiceProcess.spawn({
      name,
      port: DEFAULT_PORTS[name],
      env,
      logFile: path.join(LOG_DIR, `${name}.log`),
    }),
  );
  const identity = ServiceProcess.spawn({
    name: 'identity',
    port: IDENTITY_PROVIDER_PORT,
    entryPoint: IDENTITY_PROVIDER_ENTRY_POINT,
    env,
    logFile: path.join(LOG_DIR, 'identity.log'),
  });
  const portal = ServiceProcess.spawn({
    name: 'portal',
    port: PORTAL_PORT,
    entryPoint: serviceEntryPoint('portal'),
    env,
    logFile: path.join(LOG_DIR, 'portal.log'),
  });
  const processes = [...services, identity, portal];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the services ...');
    await Promise.all(processes.map((service) => service.stop()));
    console.log('services stopped. The infrastructure keeps running; `npm run infra:down` stops it.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  console.log(
    `starting ${processes.map((service) => service.name).join(', ')} (logs: ${path.relative(process.cwd(), LOG_DIR)}/) ...`,
  );
  try {
    await Promise.all(
      processes.map(async (service) => {
        await service.ready();
        console.log(`  ${service.name.padEnd(14)} ready    ${service.url}  (${seconds(started)})`);
      }),
    );
  } catch (error) {
    console.error(`\n${(error as Error).message}`);
    await stopAll(1);
    return;
  }
  for (const service of processes) {
    void service.exit.then((reason) => {
      if (stopping) return;
      console.error(`\n${service.name} ${reason}; last lines of its log:\n${service.logTail()}`);
      void stopAll(1);
    });
  }

  console.log('seeding demo data ...');
  const demo = await seedDemoData({ catalog: services[0].url, credits: services[1].url }, readDemoState());
  writeFileSync(DEMO_STATE, `${JSON.stringify(demo, null, 2)}\n`);
  const { email, name } = DEMO_PRACTITIONER;
  const practitionerToken = callerToken(DEMO_PRACTITIONER.id, ['practitioner'], {
    email,
    name,
    ttlSeconds: DEMO_TOKEN_TTL,
  });
  const staffToken = callerToken(DEMO_STAFF_ID, ['staff'], { ttlSeconds: DEMO_TOKEN_TTL });

  console.log(`
CME tracker is running (ready in ${seconds(started)}):
  portal         ${portal.url}   (sign in as ${PORTAL_ACCOUNTS})
  identity       ${identity.url}   (the local OpenID provider)
${services.map((service) => `  ${service.name.padEnd(14)} ${service.url}/docs`).join('\n')}
  mail viewer    ${MAIL_VIEWER}   (the demo credit's confirmation email is there)

Demo data: ${demo.courseIds.length} published catalog courses; ${DEMO_PRACTITIONER.name} (${DEMO_PRACTITIONER.id}), a pain
physician licensed in Texas and Florida with ABA certification and a DEA registration, recorded credit
${demo.creditId} for "${DEMO_COURSES[0].title}" and ${DEMO_OUTSIDE_CREDITS.length} outside activities; staff user ${DEMO_STAFF_ID}.

Bearer tokens for them (12 h; mint others with \`npm run -s token -- --sub <id> --role practitioner|staff|admin\`):
  practitioner  ${practitionerToken}
  staff         ${staffToken}
e.g. curl -H "authorization: Bearer <practitioner token>" ${services[1].url}/v1/practitioners/me/compliance
     curl -H "authorization: Bearer <practitioner token>" ${services[1].url}/v1/practitioners/me/recommendations
     curl -H "authorization: Bearer <practitioner token>" ${services[0].url}/v1/courses

Ctrl-C stops the services; the infrastructure keeps running (\`npm run infra:down\` stops it).`);
}

void main();
