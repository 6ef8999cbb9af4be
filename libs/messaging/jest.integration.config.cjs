// Integration tests run against the real local Kafka and MongoDB-wire server (infra/local); the broker
// outage test starts its own throwaway Kafka.
module.exports = {
  ...require('../../jest.integration-preset.cjs'),
  displayName: 'messaging:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 120000,
};
