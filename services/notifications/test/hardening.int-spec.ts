import { describeHardening } from '@cme/testing';

import { notificationsService } from '../src/notifications.module';

describeHardening(notificationsService, {
  bodyRoute: {
    method: 'put',
    path: '/v1/notifications/me/preferences',
    roles: ['practitioner'],
    body: { remindersEnabled: true, offsetsDays: [90, 30, 7], timezone: 'America/Chicago' },
    accepted: 200,
  },
});
