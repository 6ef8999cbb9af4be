import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';

import {
  ConfigError,
  loadConfig,
  LOCAL_ISSUER,
  serviceConfigSchema,
  switchedOn,
  tokenKeySource,
} from './service-config';
import { settingsOf } from './service-settings';

const schema = serviceConfigSchema({ port: 3001, database: 'cme_catalog', consumerGroup: 'cme-catalog' });

const pem = (type: 'rsa' | 'ec', namedCurve = 'P-256') =>
  (type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve })
  ).publicKey.export({ type: 'spki', format: 'pem' }) as string;

/** A production configuration that starts: the provider's JWKS over https, a metrics token. */
const production = {
  NODE_ENV: 'production',
  AUTH_ISSUER: 'https://login.example.org/realms/cme',
  AUTH_JWKS_URL: 'https://login.example.org/realms/cme/protocol/openid-connect/certs',
  METRICS_TOKEN: 'a'.repeat(40),
};

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(schema, env);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
};
describe('service configuration', () => {
  it('applies the local defaults: 127.0.0.1, the service port and database, the local issuer', () => {
    expect(loadConfig(schema, {})).toEqual({
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: 3001,
      LOG_LEVEL: 'info',
      MONGO_URL: 'mongodb://127.0.0.1:27017',
      MONGO_DB: 'cme_catalog',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_PARTITIONS: 6,
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_GROUP_ID: 'cme-catalog',
      KAFKA_FROM_BEGINNING: true,
      REDIS_URL: 'redis://127.0.0.1:6379',
      AUTH_ISSUER: LOCAL_ISSUER,
      AUTH_AUDIENCE: 'cme-tracker',
      AUTH_CLOCK_SKEW_SECONDS: 30,
      CORS_ORIGINS: [],
      TRUST_PROXY: false,
      RATE_LIMIT_WINDOW_SECONDS: 60,
      RATE_LIMIT_PER_IP: 1200,
      RATE_LIMIT_PER_USER: 600,
      METRICS_ENABLED: true,
    });
  });

  it('groups the variables by concern, once, for the modules that use them', () => {
    const settings = settingsOf(
      loadConfig(schema, {
        MONGO_URL: 'mongodb://db.internal:27017',
        KAFKA_TOPIC_PREFIX: 'staging.',
        DOCS_ENABLED: 'false',
        METRICS_TOKEN: 'x'.repeat(32),
        RATE_LIMIT_PER_USER: '50',
      }),
    );
    expect(settings.mongo).toEqual({ url: 'mongodb://db.internal:27017', database: 'cme_catalog' });
    expect(settings.kafka).toEqual({
      brokers: ['127.0.0.1:9092'],
      topicPartitions: 6,
      topicPrefix: 'staging.',
      groupId: 'cme-catalog',
      fromBeginning: true,
    });
    expect(settings.redis).toEqual({ url: 'redis://127.0.0.1:6379' });
    expect(settings.http).toMatchObject({
      host: '127.0.0.1',
      port: 3001,
      docsEnabled: false,
      metrics: { enabled: true, token: 'x'.repeat(32) },
      rateLimit: { windowSeconds: 60, perIp: 1200, perUser: 50 },
    });
    expect(settings.auth).toMatchObject({
      issuer: LOCAL_ISSUER,
      audience: 'cme-tracker',
      clockSkewSeconds: 30,
    });
  });

  it('parses lists and numbers', () => {
    const config = loadConfig(schema, {
      KAFKA_BROKERS: '10.0.0.1:9092, 10.0.0.2:9092',
      PORT: '8080',
      CORS_ORIGINS: 'https://portal.example.org, http://127.0.0.1:5173',
    });
    expect(config.KAFKA_BROKERS).toEqual(['10.0.0.1:9092', '10.0.0.2:9092']);
    expect(config.PORT).toBe(8080);
    expect(config.CORS_ORIGINS).toEqual(['https://portal.example.org', 'http://127.0.0.1:5173']);
    expect(loadConfig(schema, { TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig(schema, { TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
  });

  it('stops with one message naming each malformed variable, without echoing values', () => {
    const attempt = () =>
      loadConfig(schema, { PORT: 'eighty', MONGO_URL: 'postgres://secret@db', KAFKA_BROKERS: 'nope' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /^invalid configuration: PORT: .*; MONGO_URL: expected a mongodb:\/\/ URL; KAFKA_BROKERS\.0: expected host:port$/,
    );
    expect(attempt).not.toThrow(/secret/);
  });

  describe('token keys', () => {
    it('default to the local issuer’s JWKS under the working directory', () => {
      expect(tokenKeySource(loadConfig(schema, {}))).toEqual({
        jwksUrl: new URL(`file://${path.resolve('.local/identity/jwks.json')}`),
      });
    });

    it('take a PEM public key (RSA or EC P-256), also with \\n escapes on one line', () => {
      const rsa = pem('rsa');
      const config = loadConfig(schema, { AUTH_PUBLIC_KEY: rsa.replaceAll('\n', '\\n') });
      expect(tokenKeySource(config)).toEqual({ publicKeyPem: rsa.trim() });
      expect(problemsOf({ AUTH_PUBLIC_KEY: pem('ec', 'P-256') })).toBe('');
      expect(problemsOf({ AUTH_PUBLIC_KEY: pem('ec', 'P-384') })).toContain(
        'AUTH_PUBLIC_KEY: expected a PEM',
      );
      expect(problemsOf({ AUTH_PUBLIC_KEY: 'secret-but-not-a-key' })).not.toContain('secret');
    });

    it('come from one source only', () => {
      expect(
        problemsOf({ AUTH_PUBLIC_KEY: pem('rsa'), AUTH_JWKS_URL: 'https://login.example.org/certs' }),
      ).toContain('set AUTH_JWKS_URL or AUTH_PUBLIC_KEY, not both');
      expect(problemsOf({ AUTH_JWKS_URL: 'ftp://login.example.org/certs' })).toContain('AUTH_JWKS_URL');
    });
  });

  describe('in production (NODE_ENV=production)', () => {
    it('starts with the provider’s https JWKS and a metrics token', () => {
      expect(problemsOf(production)).toBe('');
      expect(problemsOf({ ...production, AUTH_JWKS_URL: '', METRICS_ENABLED: 'false' })).toContain(
        'AUTH_JWKS_URL',
      );
    });

    it('refuses to start with development settings, naming each', () => {
      const message = problemsOf({ NODE_ENV: 'production' });
      expect(message).toContain('AUTH_JWKS_URL: required in production');
      expect(message).toContain('AUTH_ISSUER: must name the OIDC provider in production');
      expect(message).toContain('METRICS_TOKEN: required in production unless METRICS_ENABLED=false');
    });

    it.each([
      ['a file:// JWKS', { AUTH_JWKS_URL: 'file:///srv/jwks.json' }, 'AUTH_JWKS_URL: must be https://'],
      [
        'an http:// JWKS',
        { AUTH_JWKS_URL: 'http://login.example.org/certs' },
        'AUTH_JWKS_URL: must be https://',
      ],
      ['the local issuer', { AUTH_ISSUER: LOCAL_ISSUER }, 'AUTH_ISSUER'],
      ['an http:// CORS origin', { CORS_ORIGINS: 'http://portal.example.org' }, 'CORS_ORIGINS'],
      ['metrics without a token', { METRICS_TOKEN: undefined }, 'METRICS_TOKEN'],
      ['a short metrics token', { METRICS_TOKEN: 'short' }, 'METRICS_TOKEN: expected at least 32'],
    ])('refuses %s', (_, change, message) => {
      expect(problemsOf({ ...production, ...change } as Record<string, string>)).toContain(message);
    });

    it('accepts a PEM key instead of a JWKS, and metrics switched off instead of a token', () => {
      const { AUTH_JWKS_URL: _, METRICS_TOKEN: __, ...rest } = production;
      expect(problemsOf({ ...rest, AUTH_PUBLIC_KEY: pem('rsa'), METRICS_ENABLED: 'false' })).toBe('');
    });

    it('switches /docs (and a queue dashboard) off unless asked for', () => {
      expect(switchedOn(undefined, { NODE_ENV: 'production' })).toBe(false);
      expect(switchedOn('true', { NODE_ENV: 'production' })).toBe(true);
      expect(switchedOn(undefined, { NODE_ENV: 'development' })).toBe(true);
      expect(switchedOn('false', { NODE_ENV: 'development' })).toBe(false);
    });
  });
});
