import { AppException } from '@cme/platform';

export const DocumentErrors = {
  periodReversed: () =>
    AppException.validation('period-reversed', 'from must not be after to.', [
      { path: 'from', message: 'must not be after to' },
    ]),
  requirementNotApplicable: (id: string) =>
    AppException.notFound(
      'requirement-not-applicable',
      `The requirement ${id} does not apply to this profile (GET /v1/practitioners/me/compliance lists those that do).`,
    ),
  requirementNotMet: (id: string, status: string, remaining: number) =>
    AppException.conflict(
      'requirement-not-met',
      `The requirement ${id} is ${status}, ${remaining} hours short: a credential is issued once it is met.`,
    ),
  noSubscription: () =>
    AppException.notFound('calendar-subscription-missing', 'There is no calendar subscription to revoke.'),
  subscriptionTokenInvalid: () =>
    AppException.unauthenticated(
      'calendar-token-invalid',
      'This calendar address was not issued by this service.',
      'Bearer realm="calendar", error="invalid_token"',
    ),
  subscriptionRevoked: () =>
    AppException.notFound(
      'calendar-subscription-revoked',
      'This calendar subscription was revoked or replaced: ask the practitioner for the current address.',
    ),
};
