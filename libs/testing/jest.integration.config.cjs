// Integration tests of the harness itself, against the real local Kafka, MongoDB-wire server and Redis.
module.exports = {
  ...require('../../jest.integration-preset.cjs'),
  displayName: 'testing:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 60000,
};
