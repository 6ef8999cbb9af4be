import { type ServiceConfig, switchedOn, tokenKeySource } from './service-config';

/**
 * The configuration by concern, mapped from the environment's variables in this one place: root modules and
 * the platform take the group they need (`DatabaseModule.forRoot(settings.mongo)`, `{ ...settings.kafka }`)
 * instead of each picking variables again.
 */
export interface ServiceSettings {
  http: {
    host: string;
    port: number;
    corsOrigins: string[];
    trustProxy: number | string[] | false;
    docsEnabled: boolean;
    metrics: { enabled: boolean; token?: string };
    rateLimit: { windowSeconds: number; perIp: number; perUser: number };
  };
  auth: {
    issuer: string;
    audience: string;
    clockSkewSeconds: number;
    keys: ReturnType<typeof tokenKeySource>;
  };
  kafka: {
    brokers: string[];
    topicPartitions: number;
    topicPrefix: string;
    /** One consumer group per service, shared by all its instances (and their rate-limit counts). */
    groupId: string;
    fromBeginning: boolean;
  };
  mongo: { url: string; database: string };
  redis: { url: string };
}

export function settingsOf(config: ServiceConfig): ServiceSettings {
  return {
    http: {
      host: config.HOST,
      port: config.PORT,
      corsOrigins: config.CORS_ORIGINS,
      trustProxy: config.TRUST_PROXY,
      docsEnabled: switchedOn(config.DOCS_ENABLED, config),
      metrics: { enabled: config.METRICS_ENABLED, token: config.METRICS_TOKEN },
      rateLimit: {
        windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
        perIp: config.RATE_LIMIT_PER_IP,
        perUser: config.RATE_LIMIT_PER_USER,
      },
    },
    auth: {
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      clockSkewSeconds: config.AUTH_CLOCK_SKEW_SECONDS,
      keys: tokenKeySource(config),
    },
    kafka: {
      brokers: config.KAFKA_BROKERS,
      topicPartitions: config.KAFKA_TOPIC_PARTITIONS,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      groupId: config.KAFKA_GROUP_ID,
      fromBeginning: config.KAFKA_FROM_BEGINNING,
    },
    mongo: { url: config.MONGO_URL, database: config.MONGO_DB },
    redis: { url: config.REDIS_URL },
  };
}
