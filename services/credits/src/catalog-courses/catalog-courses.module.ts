import { CourseEventTypes } from '@cme/contracts';
import { EventSubscriber } from '@cme/messaging';
import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CATALOG_COURSE_MODEL, CatalogCourseSchema } from './catalog-course.schema';
import { CatalogCourseRepository } from './catalog-course.repository';

@Injectable()
class CatalogCourseEventsHandler implements OnModuleInit {
  constructor(
    @Inject(EventSubscriber) private readonly subscriber: EventSubscriber,
    @Inject(CatalogCourseRepository) private readonly courses: CatalogCourseRepository,
  ) {}

  onModuleInit(): void {
    for (const type of Object.values(CourseEventTypes)) {
      this.subscriber.on(
        type,
        async (event) => {
          await this.courses.apply(event.data);
        },
        // The read model keeps the newest version only, so a redelivered snapshot changes nothing.
        { versionConditional: true },
      );
    }
  }
}

@Module({
  imports: [MongooseModule.forFeature([{ name: CATALOG_COURSE_MODEL, schema: CatalogCourseSchema }])],
  providers: [CatalogCourseRepository, CatalogCourseEventsHandler],
  exports: [CatalogCourseRepository],
})
export class CatalogCoursesModule {}
