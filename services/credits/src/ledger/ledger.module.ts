import { outboxRelayFor } from '@cme/messaging';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CatalogCoursesModule } from '../catalog-courses/catalog-courses.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { PractitionersModule } from '../practitioners/practitioners.module';
import { CREDIT_ENTRY_MODEL, CreditEntrySchema } from './credit-entry.schema';
import { CreditEntryRepository } from './credit-entry.repository';
import { CREDIT_FINGERPRINT_MODEL, CreditFingerprintsSchema } from './credit-fingerprint.schema';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: CREDIT_ENTRY_MODEL, schema: CreditEntrySchema },
      { name: CREDIT_FINGERPRINT_MODEL, schema: CreditFingerprintsSchema },
    ]),
    CatalogCoursesModule,
    CertificatesModule,
    PractitionersModule,
  ],
  controllers: [LedgerController],
  providers: [CreditEntryRepository, LedgerService, ...outboxRelayFor(CREDIT_ENTRY_MODEL)],
  exports: [LedgerService, CreditEntryRepository],
})
export class LedgerModule {}
