import { outboxRelayFor } from '@cme/messaging';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { COURSE_MODEL, CourseSchema } from './course.schema';
import { COURSE_VERSION_MODEL, CourseVersionSchema } from './course-version.schema';
import { CourseSearchReadModel } from './course-search-read-model';
import { CoursesController } from './courses.controller';
import { CoursesService } from './courses.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: COURSE_MODEL, schema: CourseSchema },
      { name: COURSE_VERSION_MODEL, schema: CourseVersionSchema },
    ]),
  ],
  controllers: [CoursesController],
  providers: [CoursesService, CourseSearchReadModel, ...outboxRelayFor(COURSE_MODEL)],
  exports: [CoursesService],
})
export class CoursesModule {}
