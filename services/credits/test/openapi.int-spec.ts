import { describeOpenApiDocument } from '@cme/testing';

import { creditsService } from '../src/credits.module';

describeOpenApiDocument(creditsService);
