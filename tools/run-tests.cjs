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

// How much of each failure message the summary repeats: enough to see the assertion, not the stack.
const FAILURE_LINES = 8;

function runs() {
  const files = fs.existsSync(RESULTS_DIR)
    ? fs.readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json'))
    : [];
  return files.map((file) => JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, file), 'utf8')));
}

function printFailures(failures) {
  if (failures.length === 0) return;
  console.log(`\n${failures.length} failed test(s):`);
  for (const { test, message } of failures) {
    console.log(`\n✕ ${test}`);
    const lines = message
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .filter((line) => line.trim());
    for (const line of lines.slice(0, FAILURE_LINES)) console.log(`    ${line}`);
  }
  console.log('');
}

function printRetried(tests) {
  if (tests.length === 0) return;
  console.log(`${tests.length} test(s) passed only on a retry (tools/retry-once.cjs):`);
  for (const test of tests) console.log(`  ↻ ${test}`);
}

fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
const failedSteps = [];
for (const step of STEPS) {
  const { status } = spawnSync(step.command, { cwd: ROOT, stdio: 'inherit', shell: true });
  if (status === 0) continue;
  failedSteps.push(step.name);
  if (step.required) break;
}

const results = runs();
const passed = results.reduce((sum, run) => sum + run.passed, 0);
const failed = results.reduce((sum, run) => sum + run.failed, 0);
printFailures(results.flatMap((run) => run.failures ?? []));
printRetried(results.flatMap((run) => run.retried ?? []));
if (failedSteps.length > 0) console.log(`failed: ${failedSteps.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0);
