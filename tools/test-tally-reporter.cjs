// A jest reporter that leaves each run's counts in .local/test-results/<displayName>.json, so that the
// test command can end with one line adding up every tier (tools/run-tests.cjs). Unit runs declare the
// file as their Nx output: a cached run restores its counts with it. The names of failed tests and the
// start of their messages go in too: a CI log is often read from its tail, far below jest's own report.
const fs = require('node:fs');
const path = require('node:path');

const RESULTS_DIR = path.join(__dirname, '..', '.local', 'test-results');

class TestTallyReporter {
  onRunComplete(contexts, results) {
    const testName = (suite, test) =>
      `${path.relative(process.cwd(), suite.testFilePath)} › ${test.fullName}`;
    // Passed, but only on a retry (tools/retry-once.cjs): listed so that a retry never hides a pattern.
    const retried = results.testResults.flatMap((suite) =>
      suite.testResults
        .filter((test) => test.status === 'passed' && (test.invocations ?? 1) > 1)
        .map((test) => testName(suite, test)),
    );
    const failures = results.testResults.flatMap((suite) =>
      suite.testExecError
        ? [{ test: path.relative(process.cwd(), suite.testFilePath), message: suite.testExecError.message }]
        : suite.testResults
            .filter((test) => test.status === 'failed')
            .map((test) => ({
              test: testName(suite, test),
              message: test.failureMessages.join('\n'),
            })),
    );
    const [context] = contexts;
    const displayName = context?.config.displayName;
    const name = (typeof displayName === 'string' ? displayName : displayName?.name) ?? 'tests';
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(
      path.join(RESULTS_DIR, `${name.replace(/[^\w-]+/g, '.')}.json`),
      JSON.stringify({
        name,
        passed: results.numPassedTests,
        // A suite that cannot run (a syntax error, a failing beforeAll import) has no failed test of its own.
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        failures,
        retried,
      }),
    );
  }
}

module.exports = TestTallyReporter;
