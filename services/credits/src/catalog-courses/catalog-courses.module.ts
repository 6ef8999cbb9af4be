import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CatalogCourseListener } from './catalog-course.listener';
import { CATALOG_COURSE_MODEL, CatalogCourseSchema } from './catalog-course.schema';
import { CatalogCourseRepository } from './catalog-course.repository';

@Module({
  imports: [MongooseModule.forFeature([{ name: CATALOG_COURSE_MODEL, schema: CatalogCourseSchema }])],
  providers: [CatalogCourseRepository, CatalogCourseListener],
  exports: [CatalogCourseRepository],
})
export class CatalogCoursesModule {}
