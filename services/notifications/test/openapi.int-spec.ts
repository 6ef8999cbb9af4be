import { describeOpenApiDocument } from '@cme/testing';

import { notificationsService } from '../src/notifications.module';

describeOpenApiDocument(notificationsService);
