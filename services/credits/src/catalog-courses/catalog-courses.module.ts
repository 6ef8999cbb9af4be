import { CourseEventTypes } from '@cme/contracts';
import { EventSubscriber } from '@cme/messaging';
import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CATALOG_COURSE_MODEL, CatalogCourseSchema } from './catalog-course.schema';
import { CatalogCoursesService } from './catalog-courses.service';

@Injectable()
class CatalogCourseEventsHandler implements OnModuleInit {
  constructor(
    @Inject(EventSubscriber) private readonly subscriber: EventSubscriber,
    @Inject(CatalogCoursesService) private readonly courses: CatalogCoursesService,
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
  providers: [CatalogCoursesService, CatalogCourseEventsHandler],
  exports: [CatalogCoursesService],
})
export class CatalogCoursesModule {}
