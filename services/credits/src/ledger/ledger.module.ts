import { outboxRelayFor } from '@cme/messaging';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CatalogCoursesModule } from '../catalog-courses/catalog-courses.module';
import { CREDIT_ENTRY_MODEL, CreditEntrySchema } from './credit-entry.schema';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: CREDIT_ENTRY_MODEL, schema: CreditEntrySchema }]),
    CatalogCoursesModule,
  ],
  controllers: [LedgerController],
  providers: [LedgerService, ...outboxRelayFor(CREDIT_ENTRY_MODEL)],
})
export class LedgerModule {}
