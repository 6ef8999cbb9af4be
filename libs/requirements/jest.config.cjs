module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'requirements',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
