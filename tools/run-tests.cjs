#!/usr/bin/env node
// `npm test`: every tier in order, each run to the end even when an earlier one failed, so that the
// last line adds up everything that ran: "N passed, N failed". Exits non-zero when any step failed.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const RESULTS_DIR = path.join(ROOT, '.local', 'test-results');

const STEPS = [
  { name: 'local infrastructure', command: 'bash infra/local/infra.sh up', required: true },
  { name: 'formatting', command: 'prettier --check .' },
  { name: 'lint, typecheck and unit tests', command: 'nx run-many -t lint typecheck test' },
  { name: 'integration and end-to-end tests', command: 'nx run-many -t test-integration e2e --parallel=1' },
];

function tally() {
  const files = fs.existsSync(RESULTS_DIR)
    ? fs.readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json'))
    : [];
  return files
    .map((file) => JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, file), 'utf8')))
    .reduce((sum, run) => ({ passed: sum.passed + run.passed, failed: sum.failed + run.failed }), {
      passed: 0,
      failed: 0,
    });
}

fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
const failedSteps = [];
for (const step of STEPS) {
  const { status } = spawnSync(step.command, { cwd: ROOT, stdio: 'inherit', shell: true });
  if (status === 0) continue;
  failedSteps.push(step.name);
  if (step.required) break;
}

const { passed, failed } = tally();
if (failedSteps.length > 0) console.log(`failed: ${failedSteps.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0);
