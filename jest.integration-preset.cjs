// Settings of the tiers that run against real infrastructure (integration and end-to-end tests).
const path = require('node:path');

module.exports = {
  ...require('./jest.preset.cjs'),
  setupFilesAfterEnv: [path.join(__dirname, 'tools/retry-once.cjs')],
};
