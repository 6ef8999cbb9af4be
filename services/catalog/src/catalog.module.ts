import { Topics } from '@cme/contracts';
import { MessagingModule } from '@cme/messaging';
import { DatabaseModule, PlatformModule, type ServiceDefinition, settingsOf } from '@cme/platform';
import { type DynamicModule, Module } from '@nestjs/common';

import { catalogConfigSchema, type CatalogConfig } from './catalog-config';
import { CourseImportsModule } from './course-imports/course-imports.module';
import { CoursesModule } from './courses/courses.module';
import { VocabularyController } from './vocabulary/vocabulary.controller';

@Module({})
export class CatalogModule {
  static register(config: CatalogConfig): DynamicModule {
    const settings = settingsOf(config);
    return {
      module: CatalogModule,
      imports: [
        PlatformModule.forRoot('catalog', config),
        DatabaseModule.forRoot(settings.mongo),
        MessagingModule.forRoot({
          ...settings.kafka,
          clientId: 'catalog',
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
