// End-to-end journeys: the built services run as their own processes against the real local infrastructure.
module.exports = {
  ...require('../../jest.integration-preset.cjs'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 180000,
};
