import { runService } from '@cme/platform';

import { catalogService } from './catalog.module';

void runService(catalogService);
