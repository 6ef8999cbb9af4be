import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { type FullResult, type Reporter, type TestCase, type TestResult } from '@playwright/test/reporter';

const RESULTS_DIR = path.resolve(__dirname, '../../../.local/test-results');

const titleOf = (test: TestCase) => test.titlePath().filter(Boolean).join(' › ');

/** Leaves the run's counts where `npm test` adds up every tier (as tools/test-tally-reporter.cjs does for jest). */
export default class TallyReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private readonly failures: { test: string; message: string }[] = [];
  private readonly retried: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'skipped' || (result.retry < test.retries && result.status !== 'passed')) return;
    if (result.status === 'passed') {
      this.passed += 1;
      if (result.retry > 0) this.retried.push(titleOf(test));
    } else {
      this.failed += 1;
      this.failures.push({
        test: titleOf(test),
        message: result.errors.map((error) => error.message ?? String(error.value)).join('\n'),
      });
    }
  }

  onEnd(result: FullResult): void {
    mkdirSync(RESULTS_DIR, { recursive: true });
    // A run that could not start its system (global setup failed) counts as one failure.
    const failed = this.failed + (result.status !== 'passed' && this.failed === 0 ? 1 : 0);
    writeFileSync(
      path.join(RESULTS_DIR, 'portal-e2e.json'),
      JSON.stringify({
        name: 'portal-e2e',
        passed: this.passed,
        failed,
        failures: this.failures,
        retried: this.retried,
      }),
    );
  }
}
