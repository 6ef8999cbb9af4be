import { describeAuthorizationMatrix } from '@cme/testing';

import { notificationsService } from '../src/notifications.module';

// Every route of the notifications service × every kind of caller. A new route fails the suite until it has a row.
describeAuthorizationMatrix(notificationsService, () => ({}), {});
