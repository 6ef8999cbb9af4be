import { Topics } from '@cme/contracts';
import { MessagingModule } from '@cme/messaging';
import { DatabaseModule, PlatformModule, type ServiceDefinition, settingsOf } from '@cme/platform';
import { type DynamicModule, Module } from '@nestjs/common';

import { creditsConfigSchema, type CreditsConfig } from './credits-config';
import { CertificatesModule } from './certificates/certificates.module';
import { ComplianceModule } from './compliance/compliance.module';
import { CreditImportsModule } from './credit-imports/credit-imports.module';
import { DocumentsModule } from './documents/documents.module';
import { LedgerModule } from './ledger/ledger.module';
import { PractitionersModule } from './practitioners/practitioners.module';
import { ReportsModule } from './reports/reports.module';

@Module({})
export class CreditsModule {
  static register(config: CreditsConfig): DynamicModule {
    const settings = settingsOf(config);
    return {
      module: CreditsModule,
      imports: [
        PlatformModule.forRoot('credits', config),
        DatabaseModule.forRoot(settings.mongo),
        MessagingModule.forRoot({
          ...settings.kafka,
          clientId: 'credits',
          // Its own profile and ledger events keep each practitioner's stored compliance current.
          consumes: [Topics.courses, Topics.practitioners, Topics.ledger],
        }),
        PractitionersModule,
        LedgerModule,
        CertificatesModule,
        ComplianceModule,
        CreditImportsModule,
        DocumentsModule,
        ReportsModule,
      ],
    };
  }
}

export const creditsService: ServiceDefinition<typeof creditsConfigSchema> = {
  name: 'credits',
  description: 'Practitioners record credits once; the system evaluates every requirement that applies.',
  configSchema: creditsConfigSchema,
  module: (config) => CreditsModule.register(config),
};
