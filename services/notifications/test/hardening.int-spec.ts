import { describeHardening } from '@cme/testing';

import { notificationsService } from '../src/notifications.module';

// No route of the service takes a body yet: the body checks join when one does (pass `bodyRoute`).
describeHardening(notificationsService);
