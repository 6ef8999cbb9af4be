import { z } from 'zod';

/** A configuration that cannot start the service; its message names every offending variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const hostPort = z.string().regex(/^[\w.-]+:\d{1,5}$/, 'expected host:port');

/** Variables every service reads. Each service extends this schema with its own. */
export function serviceConfigSchema(defaults: { port: number; database: string; consumerGroup: string }) {
  return z.object({
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
    KAFKA_BROKERS: z
      .string()
      .default('127.0.0.1:9092')
      .transform((value) => value.split(',').map((broker) => broker.trim()))
      .pipe(z.array(hostPort).min(1)),
    KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(256).default(6),
    /** One consumer group per service, shared by all its instances. */
    KAFKA_GROUP_ID: z
      .string()
      .regex(/^[\w.-]{1,100}$/)
      .default(defaults.consumerGroup),
    /** A new consumer group reads each topic from its start (rebuilding read models) unless told otherwise. */
    KAFKA_FROM_BEGINNING: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
  });
}

export type ServiceConfig = z.infer<ReturnType<typeof serviceConfigSchema>>;

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
