import { createPublicKey } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { z } from 'zod';

/** A configuration that cannot start the service; its message names every offending variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The `iss` of tokens minted by the local issuer (infra/local/identity/local-issuer.cjs names the same): the
 * URL of the local OpenID provider, which signs with the same key.
 */
export const LOCAL_ISSUER = 'http://127.0.0.1:3010';
/** Where the local issuer publishes its keys, relative to the working directory (the repository root). */
export const LOCAL_JWKS_PATH = '.local/identity/jwks.json';

const hostPort = z.string().regex(/^[\w.-]+:\d{1,5}$/, 'expected host:port');
const flag = z.enum(['true', 'false']);
const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function isPublicKeyPem(pem: string): boolean {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'rsa' || key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}

/** Variables every service reads. Each service extends this schema with its own. */
export function serviceConfigSchema(defaults: { port: number; database: string; consumerGroup: string }) {
  return z
    .object({
      NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
      HOST: z.string().min(1).default('127.0.0.1'),
      PORT: z.coerce.number().int().min(0).max(65535).default(defaults.port),
      LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      MONGO_URL: z
        .string()
        .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'expected a mongodb:// URL')
        .default('mongodb://127.0.0.1:27017'),
      MONGO_DB: z
        .string()
        .regex(/^[\w-]{1,60}$/, 'expected a database name')
        .default(defaults.database),
      KAFKA_BROKERS: z.string().default('127.0.0.1:9092').transform(list).pipe(z.array(hostPort).min(1)),
      KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(256).default(6),
      /**
       * Prepended to every topic the service publishes to and consumes (see `KafkaSettings.topicPrefix`):
       * environments sharing one cluster, or a benchmark's thousands of events kept off the shared broker's
       * real topics, where other services' consumers would act on them. Empty in production.
       */
      KAFKA_TOPIC_PREFIX: z
        .string()
        .regex(/^([\w-]+\.)?$/, 'expected a prefix such as bench-1a2b3c4d. (ending in a dot)')
        .default(''),
      /** One consumer group per service, shared by all its instances. */
      KAFKA_GROUP_ID: z
        .string()
        .regex(/^[\w.-]{1,100}$/)
        .default(defaults.consumerGroup),
      /** A new consumer group reads each topic from its start (rebuilding read models) unless told otherwise. */
      KAFKA_FROM_BEGINNING: flag.default('true').transform((value) => value === 'true'),
      /** Every service uses Redis: rate limits live there (and notifications' queues). */
      REDIS_URL: z
        .string()
        .regex(/^rediss?:\/\/\S+$/, 'expected a redis:// URL')
        .default('redis://127.0.0.1:6379'),

      /** `iss` every token must carry: the OIDC provider's issuer URL in production. */
      AUTH_ISSUER: z.string().min(1).default(LOCAL_ISSUER),
      AUTH_AUDIENCE: z.string().min(1).default('cme-tracker'),
      /** The provider's JWKS (https:// in production; file:// for the local issuer). Or AUTH_PUBLIC_KEY. */
      AUTH_JWKS_URL: z
        .url({ protocol: /^(https?|file)$/, error: 'expected an https://, http:// or file:// URL' })
        .optional(),
      /** One PEM public key (RSA for RS256, EC P-256 for ES256), for providers without a JWKS. */
      AUTH_PUBLIC_KEY: z
        .string()
        // Environment files often hold a PEM on one line with `\n` escapes.
        .transform((pem) => pem.replaceAll('\\n', '\n').trim())
        .refine(isPublicKeyPem, 'expected a PEM public key (RSA, or EC on the P-256 curve)')
        .optional(),
      /** Tolerance for `exp` and `nbf` between the provider's clock and ours. */
      AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),

      /** Browser origins allowed to call the API (`https://portal.example.org`), comma-separated. */
      CORS_ORIGINS: z
        .string()
        .default('')
        .transform(list)
        .pipe(z.array(z.string().regex(/^https?:\/\/[\w.-]+(:\d{1,5})?$/, 'expected scheme://host[:port]'))),
      /**
       * Proxies whose X-Forwarded-For is believed, so per-IP limits see the client: a hop count or a
       * comma-separated list of addresses / CIDR ranges. Empty: the peer address is the client.
       */
      TRUST_PROXY: z
        .string()
        .default('')
        .transform((value): number | string[] | false =>
          value === '' ? false : /^\d+$/.test(value) ? Number(value) : list(value),
        ),
      RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
      /** Requests per window from one client address (health and metrics are not counted). */
      RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(1200),
      /** Requests per window by one authenticated user (token `sub`). */
      RATE_LIMIT_PER_USER: z.coerce.number().int().min(1).default(600),

      /** Swagger UI at /docs and the OpenAPI document at /docs-json; unset: on, except in production. */
      DOCS_ENABLED: flag.optional(),
      METRICS_ENABLED: flag.default('true').transform((value) => value === 'true'),
      /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (required in production). */
      METRICS_TOKEN: z.string().min(32, 'expected at least 32 characters').optional(),
    })
    .superRefine((config, context) => {
      const problem = (variable: string, message: string) =>
        context.addIssue({ code: 'custom', path: [variable], message });
      if (config.AUTH_JWKS_URL && config.AUTH_PUBLIC_KEY) {
        problem('AUTH_JWKS_URL', 'set AUTH_JWKS_URL or AUTH_PUBLIC_KEY, not both');
      }
      if (config.NODE_ENV !== 'production') return;
      // Production refuses what only makes sense on a developer's machine.
      if (!config.AUTH_JWKS_URL && !config.AUTH_PUBLIC_KEY) {
        problem('AUTH_JWKS_URL', 'required in production (or AUTH_PUBLIC_KEY): the OIDC provider’s JWKS');
      }
      if (config.AUTH_JWKS_URL && !config.AUTH_JWKS_URL.startsWith('https://')) {
        problem('AUTH_JWKS_URL', 'must be https:// in production (file:// and http:// are for development)');
      }
      if (config.AUTH_ISSUER === LOCAL_ISSUER) {
        problem('AUTH_ISSUER', 'must name the OIDC provider in production, not the local issuer');
      }
      if (config.CORS_ORIGINS.some((origin) => !origin.startsWith('https://'))) {
        problem('CORS_ORIGINS', 'must be https:// origins in production');
      }
      if (config.METRICS_ENABLED && !config.METRICS_TOKEN) {
        problem('METRICS_TOKEN', 'required in production unless METRICS_ENABLED=false');
      }
    });
}

export type ServiceConfig = z.infer<ReturnType<typeof serviceConfigSchema>>;

/** For optional switches (DOCS_ENABLED, a queue dashboard's): unset means on, except in production. */
export function switchedOn(value: 'true' | 'false' | undefined, config: Pick<ServiceConfig, 'NODE_ENV'>) {
  return value === undefined ? config.NODE_ENV !== 'production' : value === 'true';
}

/** Where token keys come from: AUTH_PUBLIC_KEY, AUTH_JWKS_URL, or by default the local issuer's JWKS. */
export function tokenKeySource(config: ServiceConfig): { publicKeyPem: string } | { jwksUrl: URL } {
  if (config.AUTH_PUBLIC_KEY) return { publicKeyPem: config.AUTH_PUBLIC_KEY };
  return { jwksUrl: new URL(config.AUTH_JWKS_URL ?? pathToFileURL(path.resolve(LOCAL_JWKS_PATH)).href) };
}

/** Parses the environment once at boot; never echoes values, which may be secrets. */
export function loadConfig<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined> = process.env,
): z.infer<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`,
  );
  throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}
