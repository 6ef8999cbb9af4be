import { runService } from '@cme/platform';

import { notificationsService } from './notifications.module';

void runService(notificationsService);
