import { describeAuthorizationMatrix, staffOnly, type ValidCaller } from '@cme/testing';

import { notificationsService } from '../src/notifications.module';
import { UnsubscribeTokens } from '../src/reminders/unsubscribe-tokens';

/** `me` routes: any practitioner (about themself); staff and admins have no notification preferences. */
const practitioners = (status: number): Record<ValidCaller, number> => ({
  practitionerSelf: status,
  otherPractitioner: status,
  staff: 403,
  admin: 403,
});

// Every route of the notifications service × every kind of caller. A new route fails the suite until it has a row.
// The queue dashboard is off here: its routes (bull-board's, behind one hook) are tried in queue-dashboard.int-spec.ts.
describeAuthorizationMatrix(
  notificationsService,
  (service) => ({ tokens: service.app.get(UnsubscribeTokens) }),
  {
    'GET /v1/notifications/me/preferences': { callers: practitioners(200) },
    'PUT /v1/notifications/me/preferences': {
      callers: practitioners(200),
      request: () => ({ body: { offsetsDays: [60, 14] } }),
    },
    'GET /v1/notifications/me/deliveries': { callers: practitioners(200) },
    'GET /v1/reminders': { callers: staffOnly(200) },
    // The link in an email: no login, the signed token is the authority (a bearer token changes nothing).
    'GET /v1/unsubscribe': {
      everyone: 200,
      request: ({ fixtures, self }) => ({
        path: `/v1/unsubscribe?token=${fixtures.tokens.issue(self, new Date())}`,
      }),
    },
    'POST /v1/unsubscribe': {
      everyone: 200,
      request: ({ fixtures, self }) => ({
        path: `/v1/unsubscribe?token=${fixtures.tokens.issue(self, new Date())}`,
      }),
    },
  },
  { env: { QUEUE_DASHBOARD_ENABLED: 'false' } },
);
