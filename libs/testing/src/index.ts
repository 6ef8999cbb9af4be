export * from './authorization-matrix';
export * from './course-event';
export * from './event-tap';
export { freePort } from '@cme/local-runtime';
export * from './hardening-suite';
export * from './mail-viewer';
export * from './openapi-document';
export * from './quiescence';
export * from './refused-tokens';
export * from './service-harness';
export * from './test-topics';
export * from './throwaway-infra';
// Tests poll and act as callers the way the running system does: they take these from the harness too.
export {
  asAdmin,
  asCaller,
  asPractitioner,
  asStaff,
  callerToken,
  waitFor,
  type WaitOptions,
} from '@cme/local-runtime';
