import { Module } from '@nestjs/common';

import { CoursesModule } from '../courses/courses.module';
import { CourseImportService } from './course-import.service';
import { CourseImportsController } from './course-imports.controller';
import { CsvBodyParser } from './csv-body-parser';

@Module({
  imports: [CoursesModule],
  controllers: [CourseImportsController],
  providers: [CourseImportService, CsvBodyParser],
})
export class CourseImportsModule {}
