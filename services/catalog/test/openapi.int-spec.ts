import { describeOpenApiDocument } from '@cme/testing';

import { catalogService } from '../src/catalog.module';

describeOpenApiDocument(catalogService);
