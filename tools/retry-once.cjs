// A test against real Kafka, Redis, SMTP and the database on a shared 2-core machine can lose a race with
// the machine rather than with the code (a broker rebalance outlasting a wait). Such a test gets one more
// try; its first failure is printed, and the summary of `npm test` lists every test that needed the retry,
// so a retry never hides a pattern. TEST_RETRIES=0 turns this off.
jest.retryTimes(Number(process.env.TEST_RETRIES ?? 1), { logErrorsBeforeRetry: true });
