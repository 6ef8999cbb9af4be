import { Topics } from '@cme/contracts';
import { MessagingModule } from '@cme/messaging';
import { DatabaseModule, PlatformModule, type ServiceDefinition } from '@cme/platform';
import { type DynamicModule, Module } from '@nestjs/common';

import { creditsConfigSchema, type CreditsConfig } from './credits-config';
import { CertificatesModule } from './certificates/certificates.module';
import { ComplianceModule } from './compliance/compliance.module';
import { CreditImportsModule } from './credit-imports/credit-imports.module';
import { LedgerModule } from './ledger/ledger.module';
import { PractitionersModule } from './practitioners/practitioners.module';

@Module({})
export class CreditsModule {
  static register(config: CreditsConfig): DynamicModule {
    return {
      module: CreditsModule,
      imports: [
        PlatformModule.forRoot('credits', config),
        DatabaseModule.forRoot(config.MONGO_URL, config.MONGO_DB),
        MessagingModule.forRoot({
          clientId: 'credits',
          groupId: config.KAFKA_GROUP_ID,
          fromBeginning: config.KAFKA_FROM_BEGINNING,
          brokers: config.KAFKA_BROKERS,
          topicPartitions: config.KAFKA_TOPIC_PARTITIONS,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          // Its own profile and ledger events keep each practitioner's stored compliance current.
          consumes: [Topics.courses, Topics.practitioners, Topics.ledger],
        }),
        PractitionersModule,
        LedgerModule,
        CertificatesModule,
        ComplianceModule,
        CreditImportsModule,
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
