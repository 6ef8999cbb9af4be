// Unit tests of the portal's server (node) and component tests of its app (jsdom, per file by docblock).
const path = require('node:path');

const preset = require('../../jest.preset.cjs');

const tsx = {
  jsc: {
    parser: { syntax: 'typescript', tsx: true },
    transform: { react: { runtime: 'automatic' } },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  ...preset,
  displayName: 'portal',
  rootDir: __dirname,
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/app/src/**/*.spec.ts',
    '<rootDir>/app/src/**/*.spec.tsx',
  ],
  transform: { ...preset.transform, '^.+\\.tsx$': ['@swc/jest', tsx] },
  moduleFileExtensions: [...preset.moduleFileExtensions, 'tsx'],
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '\\.css$': path.join(__dirname, 'app/test/style-stub.cjs'),
  },
  setupFiles: [path.join(__dirname, 'app/test/browser-globals.cjs')],
};
