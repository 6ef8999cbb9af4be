import { outboxRelayFor } from '@cme/messaging';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { COURSE_MODEL, CourseSchema } from './course.schema';
import { CoursesController } from './courses.controller';
import { CoursesService } from './courses.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: COURSE_MODEL, schema: CourseSchema }])],
  controllers: [CoursesController],
  providers: [CoursesService, ...outboxRelayFor(COURSE_MODEL)],
})
export class CoursesModule {}
