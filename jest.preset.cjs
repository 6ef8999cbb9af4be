// Shared jest settings. NestJS 12 ships ESM only and jest's CommonJS loader cannot require ESM on Node 20,
// so swc transforms node_modules too (transformIgnorePatterns: []).
const path = require('node:path');

const swcOptions = require('./tools/swc-options.cjs');

module.exports = {
  testEnvironment: 'node',
  reporters: ['default', path.join(__dirname, 'tools/test-tally-reporter.cjs')],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swcOptions, sourceMaps: 'inline' }] },
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@cme/(contracts|local-runtime|messaging|platform|requirements|testing)$': path.join(
      __dirname,
      'libs/$1/src/index.ts',
    ),
  },
};
