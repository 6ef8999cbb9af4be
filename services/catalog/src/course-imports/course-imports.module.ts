import { CsvBodyModule } from '@cme/platform';
import { Module } from '@nestjs/common';

import { CoursesModule } from '../courses/courses.module';
import { CourseImportService } from './course-import.service';
import { CourseImportsController } from './course-imports.controller';
import { CSV_IMPORT_LIMIT_BYTES } from './csv-course-rows';

@Module({
  imports: [CoursesModule, CsvBodyModule.withLimit(CSV_IMPORT_LIMIT_BYTES)],
  controllers: [CourseImportsController],
  providers: [CourseImportService],
})
export class CourseImportsModule {}
