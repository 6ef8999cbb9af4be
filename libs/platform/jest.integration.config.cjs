// Integration tests run against the real local MongoDB-wire server (infra/local), or MONGO_URL when set.
module.exports = {
  ...require('../../jest.integration-preset.cjs'),
  displayName: 'platform:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 120000,
};
