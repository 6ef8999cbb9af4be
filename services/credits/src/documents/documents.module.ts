import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { ComplianceModule } from '../compliance/compliance.module';
import { LedgerModule } from '../ledger/ledger.module';
import { PractitionersModule } from '../practitioners/practitioners.module';
import { AchievementCredentials } from './achievement-credential';
import { CALENDAR_SUBSCRIPTION_MODEL, CalendarSubscriptionSchema } from './calendar-subscription.schema';
import { CalendarSubscriptionRepository } from './calendar-subscription.repository';
import { CalendarSubscriptionTokens } from './calendar-subscription-tokens';
import { DocumentSigningKey } from './document-signing-key';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { PractitionerRecords } from './practitioner-record';
import { PublicDocumentsController } from './public-documents.controller';

/** Documents a practitioner takes elsewhere: transcripts, deadline calendars, credentials of met requirements. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: CALENDAR_SUBSCRIPTION_MODEL, schema: CalendarSubscriptionSchema }]),
    PractitionersModule,
    LedgerModule,
    ComplianceModule,
  ],
  controllers: [DocumentsController, PublicDocumentsController],
  providers: [
    DocumentSigningKey,
    PractitionerRecords,
    CalendarSubscriptionRepository,
    CalendarSubscriptionTokens,
    AchievementCredentials,
    DocumentsService,
  ],
})
export class DocumentsModule {}
