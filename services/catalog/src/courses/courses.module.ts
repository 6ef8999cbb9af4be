import { outboxRelayFor } from '@cme/messaging';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CourseRepository } from './course.repository';
import { COURSE_MODEL, CourseSchema } from './course.schema';
import { CourseLifecycleService } from './course-lifecycle.service';
import { CourseSearchIndexListener } from './course-search-index.listener';
import { CourseSearchReadModel } from './course-search-read-model';
import { CourseSearchService } from './course-search.service';
import { CoursesController } from './courses.controller';

@Module({
  imports: [MongooseModule.forFeature([{ name: COURSE_MODEL, schema: CourseSchema }])],
  controllers: [CoursesController],
  providers: [
    CourseRepository,
    CourseLifecycleService,
    CourseSearchService,
    CourseSearchReadModel,
    CourseSearchIndexListener,
    ...outboxRelayFor(COURSE_MODEL),
  ],
  exports: [CourseLifecycleService],
})
export class CoursesModule {}
