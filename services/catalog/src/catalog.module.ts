import { Topics } from '@cme/contracts';
import { MessagingModule } from '@cme/messaging';
import { DatabaseModule, PlatformModule, type ServiceDefinition } from '@cme/platform';
import { type DynamicModule, Module } from '@nestjs/common';

import { catalogConfigSchema, type CatalogConfig } from './catalog-config';
import { CourseImportsModule } from './course-imports/course-imports.module';
import { CoursesModule } from './courses/courses.module';
import { VocabularyController } from './vocabulary/vocabulary.controller';

@Module({})
export class CatalogModule {
  static register(config: CatalogConfig): DynamicModule {
    return {
      module: CatalogModule,
      imports: [
        PlatformModule.forRoot('catalog', config),
        DatabaseModule.forRoot(config.MONGO_URL, config.MONGO_DB),
        MessagingModule.forRoot({
          clientId: 'catalog',
          groupId: config.KAFKA_GROUP_ID,
          fromBeginning: config.KAFKA_FROM_BEGINNING,
          brokers: config.KAFKA_BROKERS,
          topicPartitions: config.KAFKA_TOPIC_PARTITIONS,
          consumes: [],
          consumesBroadcast: [Topics.courses],
        }),
        CoursesModule,
        CourseImportsModule,
      ],
      controllers: [VocabularyController],
    };
  }
}

export const catalogService: ServiceDefinition<typeof catalogConfigSchema> = {
  name: 'catalog',
  description: 'Staff publish accredited courses; everyone searches them.',
  configSchema: catalogConfigSchema,
  module: (config) => CatalogModule.register(config),
};
