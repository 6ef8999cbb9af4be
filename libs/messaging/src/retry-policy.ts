/** How often, and how far apart, a consumer tries again before it dead-letters an event. */
export interface RetryPolicy {
  /** Handling attempts in all, the first included; the last failure dead-letters the event. */
  maxAttempts: number;
  /** Wait before the second attempt; each further wait doubles. */
  initialDelayMs: number;
  /** Upper bound of a single wait. */
  maxDelayMs: number;
}

/** About two minutes of attempts: a restarting dependency recovers in that time, a bug does not. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, initialDelayMs: 1000, maxDelayMs: 60_000 };

/** The wait after the `failedAttempts`-th failure: exponential, capped. */
export function retryDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, failedAttempts - 1));
}
