import { type CourseSnapshot } from '@cme/contracts';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model } from 'mongoose';

import { CATALOG_COURSE_MODEL, type CatalogCourseDocument } from './catalog-course.schema';

const DUPLICATE_KEY = 11000;

@Injectable()
export class CatalogCoursesService {
  constructor(@InjectModel(CATALOG_COURSE_MODEL) private readonly courses: Model<CatalogCourseDocument>) {}

  /**
   * Applies a course snapshot unless a newer (or the same) version is already held. The write is
   * conditional on the version, so redelivered and out-of-date events change nothing.
   */
  async apply(course: CourseSnapshot): Promise<'applied' | 'stale'> {
    try {
      const result = await this.courses.updateOne(
        { _id: course.id, version: { $lt: course.version } },
        {
          $set: {
            version: course.version,
            status: course.status,
            title: course.title,
            topics: course.topics,
            credits: course.credits,
            professions: course.professions,
            format: course.format,
            updatedAt: new Date(course.updatedAt),
          },
        },
        { upsert: true },
      );
      return result.modifiedCount + result.upsertedCount > 0 ? 'applied' : 'stale';
    } catch (error) {
      // The upsert collided with the existing document: it already holds this version or a newer one.
      if ((error as { code?: number }).code === DUPLICATE_KEY) return 'stale';
      throw error;
    }
  }

  findPublished(id: string): Promise<CatalogCourseDocument | null> {
    return this.courses.findOne({ _id: id, status: 'published' }).lean();
  }
}
