import { retryDelayMs } from './retry-policy';

describe('retry policy', () => {
  it('doubles the wait after each failure, up to the cap', () => {
    const policy = { maxAttempts: 8, initialDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((failures) => retryDelayMs(policy, failures))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
  });
});
