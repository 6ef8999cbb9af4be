import { ConfigError, loadConfig, serviceConfigSchema } from './service-config';

const schema = serviceConfigSchema({ port: 3001, database: 'cme_catalog', consumerGroup: 'cme-catalog' });

describe('service configuration', () => {
  it('applies the local defaults: 127.0.0.1, the service port and database', () => {
    expect(loadConfig(schema, {})).toEqual({
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: 3001,
      LOG_LEVEL: 'info',
      MONGO_URL: 'mongodb://127.0.0.1:27017',
      MONGO_DB: 'cme_catalog',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_PARTITIONS: 6,
      KAFKA_GROUP_ID: 'cme-catalog',
      KAFKA_FROM_BEGINNING: true,
    });
  });

  it('parses lists and numbers', () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: '10.0.0.1:9092, 10.0.0.2:9092', PORT: '8080' });
    expect(config.KAFKA_BROKERS).toEqual(['10.0.0.1:9092', '10.0.0.2:9092']);
    expect(config.PORT).toBe(8080);
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
});
