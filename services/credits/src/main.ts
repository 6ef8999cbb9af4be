import { runService } from '@cme/platform';

import { creditsService } from './credits.module';

void runService(creditsService);
