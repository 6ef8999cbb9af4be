// Integration tests run against the real local MongoDB-wire server, Kafka, Redis and SMTP (infra/local).
module.exports = {
  ...require('../../jest.integration-preset.cjs'),
  displayName: 'catalog:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 60000,
};
