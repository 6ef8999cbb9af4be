// Static checks of the Docker deployment: CI has no Docker engine, so docker-compose.yml and the Dockerfile
// are read as files and held to architecture.md (ports, 127.0.0.1 only) and to the services' configuration.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT, serviceEntryPoint, SERVICE_NAMES, SERVICE_V8_FLAGS } from '@cme/local-runtime';
import { serviceConfigSchema } from '@cme/platform';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

/** Every environment variable a service reads; compose may set no other name (catches typos). */
export const SERVICE_ENV_VARS = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'LOG_LEVEL',
  'MONGO_URL',
  'MONGO_DB',
  'KAFKA_BROKERS',
  'KAFKA_TOPIC_PARTITIONS',
  'KAFKA_TOPIC_PREFIX',
  'KAFKA_GROUP_ID',
  'KAFKA_FROM_BEGINNING',
  'REDIS_URL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_JWKS_URL',
  'AUTH_PUBLIC_KEY',
  'AUTH_CLOCK_SKEW_SECONDS',
  'CORS_ORIGINS',
  'TRUST_PROXY',
  'RATE_LIMIT_WINDOW_SECONDS',
  'RATE_LIMIT_PER_IP',
  'RATE_LIMIT_PER_USER',
  'DOCS_ENABLED',
  'METRICS_ENABLED',
  'METRICS_TOKEN',
  'SMTP_URL',
  'MAIL_FROM',
  'QUEUE_DASHBOARD_ENABLED',
  // Read by the image's start command (node's own flags), not by the service.
  'NODE_V8_FLAGS',
] as const;

type ServiceEnvVar = (typeof SERVICE_ENV_VARS)[number];

/** Set for every service (REDIS_URL too: catalog and credits rate-limit through Redis). */
const COMMON_ENV_VARS: readonly ServiceEnvVar[] = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'LOG_LEVEL',
  'MONGO_URL',
  'MONGO_DB',
  'KAFKA_BROKERS',
  'KAFKA_TOPIC_PARTITIONS',
  'REDIS_URL',
];

const APP_SERVICES: Record<string, { port: number; db: string; extraEnv: readonly ServiceEnvVar[] }> = {
  catalog: { port: 3001, db: 'cme_catalog', extraEnv: [] },
  credits: { port: 3002, db: 'cme_credits', extraEnv: [] },
  notifications: { port: 3003, db: 'cme_notifications', extraEnv: ['SMTP_URL', 'MAIL_FROM'] },
};

/** Local ports from architecture.md ("Ports (local defaults)"). */
const PUBLISHED_PORTS: Record<string, number[]> = {
  mongo: [27017],
  kafka: [9092],
  redis: [6379],
  maildev: [1025, 1080],
  catalog: [3001],
  credits: [3002],
  notifications: [3003],
};

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | { host_ip?: string; published?: string | number; target?: number })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
}

interface PortBinding {
  hostIp: string | undefined;
  published: number;
  target: number;
}

const repoRoot = join(__dirname, '..', '..');
const composeText = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
// merge: true resolves the `<<: *anchor` keys the file uses for shared environment and dependencies.
const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const dockerfilePath = join(repoRoot, 'infra', 'docker', 'service.Dockerfile');

function portBindings(service: ComposeService): PortBinding[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return { hostIp: port.host_ip, published: Number(port.published), target: Number(port.target) };
    }
    const parts = port.replace(/\/(tcp|udp)$/, '').split(':');
    const [hostIp, published, target] =
      parts.length === 3
        ? parts
        : parts.length === 2
          ? [undefined, ...parts]
          : [undefined, parts[0], parts[0]];
    return { hostIp, published: Number(published), target: Number(target) };
  });
}

function toMap(value: Record<string, unknown> | string[] | undefined): Record<string, string> {
  if (value === undefined) return {};
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((entry) => {
        const at = entry.indexOf('=');
        return at === -1 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, v == null ? '' : String(v)]));
}

function words(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : value.split(/\s+/).filter(Boolean);
}

function dependencies(service: ComposeService): Record<string, string | undefined> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, dep]) => [name, dep?.condition]));
}

const envOf = (name: string) => toMap(services[name]?.environment);

describe('docker-compose.yml', () => {
  it('knows every variable of the configuration all services share', () => {
    const shared = Object.keys(serviceConfigSchema({ port: 0, database: 'x', consumerGroup: 'x' }).shape);
    expect(shared.filter((name) => !(SERVICE_ENV_VARS as readonly string[]).includes(name))).toEqual([]);
  });

  it('defines the infrastructure and the three services', () => {
    expect(Object.keys(services).sort()).toEqual(Object.keys(PUBLISHED_PORTS).sort());
  });

  it('never names localhost (Node resolves it to ::1 first)', () => {
    expect(composeText).not.toMatch(/localhost/i);
  });

  describe.each(Object.entries(PUBLISHED_PORTS))('%s', (name, ports) => {
    it(`publishes ${ports.join(', ')} on 127.0.0.1 only, on the same port inside`, () => {
      const bindings = portBindings(services[name]);
      expect(bindings.map((binding) => binding.published).sort()).toEqual([...ports].sort());
      for (const binding of bindings) {
        expect(binding.hostIp).toBe('127.0.0.1');
        expect(binding.target).toBe(binding.published);
      }
    });

    it('waits only on dependencies that exist, have a healthcheck and must be healthy', () => {
      for (const [dependency, condition] of Object.entries(dependencies(services[name]))) {
        expect(services[dependency]).toBeDefined();
        expect(services[dependency].healthcheck?.test).toBeDefined();
        expect(condition).toBe('service_healthy');
      }
    });
  });

  describe.each(Object.entries(APP_SERVICES))('service %s', (name, expected) => {
    const service = services[name];
    const env = envOf(name);

    it('is built from infra/docker/service.Dockerfile with the repository as context', () => {
      expect(service.build?.context).toBe('.');
      expect(service.build?.dockerfile).toBe('infra/docker/service.Dockerfile');
      expect(existsSync(join(repoRoot, service.build?.dockerfile ?? ''))).toBe(true);
    });

    it('names, in build arg SERVICE, a folder under services/', () => {
      const serviceArg = toMap(service.build?.args).SERVICE;
      expect(serviceArg).toBe(name);
      expect(existsSync(join(repoRoot, 'services', serviceArg))).toBe(true);
    });

    it('sets every variable the service needs', () => {
      const missing = [...COMMON_ENV_VARS, ...expected.extraEnv].filter((variable) => !env[variable]);
      expect(missing).toEqual([]);
    });

    it('sets no variable outside SERVICE_ENV_VARS', () => {
      const unknown = Object.keys(env).filter(
        (key) => !(SERVICE_ENV_VARS as readonly string[]).includes(key),
      );
      expect(unknown).toEqual([]);
    });

    it('runs node with the V8 flags the local scripts give the service', () => {
      const flags = SERVICE_V8_FLAGS[name as keyof typeof SERVICE_V8_FLAGS] ?? [];
      expect(words(env.NODE_V8_FLAGS ?? '')).toEqual(flags);
    });

    it('listens on 0.0.0.0 at its architecture port, with its own database', () => {
      expect(env.HOST).toBe('0.0.0.0');
      expect(Number(env.PORT)).toBe(expected.port);
      expect(env.MONGO_DB).toBe(expected.db);
      expect(['development', 'test', 'production']).toContain(env.NODE_ENV);
    });

    it('reaches Mongo, Kafka, Redis and SMTP by compose service name, and waits for them to be healthy', () => {
      const deps = dependencies(service);
      const hosts = [
        new URL(env.MONGO_URL).hostname,
        ...env.KAFKA_BROKERS.split(',').map((broker) => broker.trim().split(':')[0]),
        new URL(env.REDIS_URL).hostname,
        ...(env.SMTP_URL ? [new URL(env.SMTP_URL).hostname] : []),
      ];
      for (const host of hosts) {
        expect(Object.keys(services)).toContain(host);
        expect(deps[host]).toBe('service_healthy');
      }
    });

    it('reports healthy only when GET /health/ready answers', () => {
      expect(words(service.healthcheck?.test).join(' ')).toContain('/health/ready');
    });
  });

  describe('mongo', () => {
    const mongo = services.mongo;

    it('runs MongoDB 7 as a replica set, the one the services name in MONGO_URL', () => {
      expect(mongo.image).toMatch(/^mongo:7(\b|$)/);
      const command = words(mongo.command);
      const replSet = command[command.indexOf('--replSet') + 1];
      expect(command).toContain('--replSet');
      expect(command).toContain('--bind_ip_all');
      for (const name of Object.keys(APP_SERVICES)) {
        expect(new URL(envOf(name).MONGO_URL).searchParams.get('replicaSet')).toBe(replSet);
      }
    });

    it('initiates the replica set from its healthcheck', () => {
      const test = words(mongo.healthcheck?.test).join(' ');
      expect(test).toContain('mongosh');
      expect(test).toContain('rs.initiate(');
    });
  });

  describe('redis', () => {
    it('persists with AOF and never evicts queue keys', () => {
      const command = words(services.redis.command);
      expect(command[command.indexOf('--appendonly') + 1]).toBe('yes');
      expect(command[command.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    });
  });

  describe('kafka', () => {
    const kafka = services.kafka;
    const env = toMap(kafka.environment);

    it('is Apache Kafka 3.9 in KRaft mode (broker and controller, no ZooKeeper)', () => {
      expect(kafka.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
      expect(env.KAFKA_PROCESS_ROLES.split(',').sort()).toEqual(['broker', 'controller']);
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toMatch(/^1@[\w.-]+:9093$/);
      expect(env.KAFKA_NODE_ID).toBe('1');
      expect(Object.keys(env).filter((key) => key.includes('ZOOKEEPER'))).toEqual([]);
    });

    it('advertises the brokers the services use, and 127.0.0.1:9092 for host clients', () => {
      const advertised = env.KAFKA_ADVERTISED_LISTENERS.split(',').map(
        (listener) => listener.split('://')[1],
      );
      expect(advertised).toContain('127.0.0.1:9092');
      for (const name of Object.keys(APP_SERVICES)) {
        for (const broker of envOf(name).KAFKA_BROKERS.split(','))
          expect(advertised).toContain(broker.trim());
      }
    });

    it('creates topics with the partition count the services expect, replication 1 on a single node', () => {
      for (const name of Object.keys(APP_SERVICES)) {
        expect(envOf(name).KAFKA_TOPIC_PARTITIONS).toBe(env.KAFKA_NUM_PARTITIONS);
      }
      expect(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe('1');
      expect(env.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR).toBe('1');
      expect(env.KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS).toBe('0');
    });
  });
});

describe('infra/docker/service.Dockerfile', () => {
  const dockerfile = existsSync(dockerfilePath) ? readFileSync(dockerfilePath, 'utf8') : '';
  const finalStage = dockerfile.split(/^FROM\s/m).at(-1) ?? '';

  it('is a multi-stage build', () => {
    expect(dockerfile.match(/^FROM\s/gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('takes the service name as build arg SERVICE', () => {
    expect(dockerfile).toMatch(/^ARG SERVICE$/m);
  });

  it('runs production dependencies only, as a non-root user, listening on all interfaces', () => {
    expect(dockerfile).toContain('npm install --omit=dev');
    expect(finalStage).toMatch(/^USER (?!root\b|0\b)\S+/m);
    expect(finalStage).toMatch(/NODE_ENV=production/);
    expect(finalStage).toMatch(/HOST=0\.0\.0\.0/);
  });

  it('runs the entry point the build writes, building with the script the build runs', () => {
    const main = dockerfile.match(/^\s*SERVICE_MAIN=(\S+)/m)?.[1];
    for (const name of SERVICE_NAMES) {
      expect(main?.replaceAll('${SERVICE}', name)).toBe(relative(REPO_ROOT, serviceEntryPoint(name)));
    }
    expect(dockerfile).toMatch(/^COPY tools \.\/tools$/m);
  });

  it('checks liveness on /health/live', () => {
    expect(finalStage).toMatch(/^HEALTHCHECK [\s\S]*\/health\/live/m);
  });

  it('never names localhost', () => {
    expect(dockerfile).not.toMatch(/localhost/i);
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, build output, local state and git history out of the build context', () => {
    const entries = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    for (const entry of ['node_modules', 'dist', '.local', '.nx', 'coverage', '.git']) {
      expect(entries).toContain(entry);
    }
  });
});
