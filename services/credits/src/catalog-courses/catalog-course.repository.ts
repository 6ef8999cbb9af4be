import { type CourseSnapshot } from '@cme/contracts';
import { isDuplicateKey } from '@cme/platform';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Collection, type Model } from 'mongoose';

import { CATALOG_COURSE_MODEL, type CatalogCourseDocument } from './catalog-course.schema';

/** What the credits service knows of a catalog course: enough to check claims and to recommend it. */
export interface CatalogCourse {
  id: string;
  version: number;
  status: CourseSnapshot['status'];
  title: string;
  provider: CourseSnapshot['provider'];
  format: string;
  topics: string[];
  credits: { type: string; amount: number }[];
  professions: string[];
  startsOn?: string;
  endsOn?: string;
  availableUntil?: string;
  url?: string;
  /** Approvals staff set on the course beyond its accreditation (a state board's approved course). */
  approvals?: string[];
  updatedAt: Date;
}

const OPTIONAL_FIELDS = ['startsOn', 'endsOn', 'availableUntil', 'url', 'approvals'] as const;

function toCourse({ _id, ...stored }: CatalogCourseDocument): CatalogCourse {
  return { id: _id, ...stored };
}

/** The credits service's read model of the catalog, kept from the catalog's course events. */
@Injectable()
export class CatalogCourseRepository {
  /** The collection itself, for the driver's read on the request path (see `findById`). */
  private readonly collection: Collection<CatalogCourseDocument>;

  constructor(@InjectModel(CATALOG_COURSE_MODEL) private readonly courses: Model<CatalogCourseDocument>) {
    this.collection = courses.db.collection(courses.collection.collectionName);
  }

  /**
   * Applies a course snapshot unless a newer (or the same) version is already held: the write is conditional
   * on the version, so a redelivered or out-of-date event changes nothing.
   */
  async apply(course: CourseSnapshot): Promise<'applied' | 'stale'> {
    const held: Omit<CatalogCourse, 'id'> = {
      version: course.version,
      status: course.status,
      title: course.title,
      provider: course.provider,
      format: course.format,
      topics: course.topics,
      credits: course.credits,
      professions: course.professions,
      ...(course.startsOn && { startsOn: course.startsOn }),
      ...(course.endsOn && { endsOn: course.endsOn }),
      ...(course.availableUntil && { availableUntil: course.availableUntil }),
      ...(course.url && { url: course.url }),
      ...(course.approvals && { approvals: course.approvals }),
      updatedAt: new Date(course.updatedAt),
    };
    // A snapshot is the whole course: what it leaves out is gone.
    const absent = OPTIONAL_FIELDS.filter((field) => held[field] === undefined);
    try {
      const result = await this.courses.updateOne(
        { _id: course.id, version: { $lt: course.version } },
        {
          $set: held,
          ...(absent.length > 0 && { $unset: Object.fromEntries(absent.map((field) => [field, ''])) }),
        },
        { upsert: true },
      );
      return result.modifiedCount + result.upsertedCount > 0 ? 'applied' : 'stale';
    } catch (error) {
      // The upsert collided with the existing document: it already holds this version or a newer one.
      if (isDuplicateKey(error)) return 'stale';
      throw error;
    }
  }

  async findById(id: string): Promise<CatalogCourse | null> {
    // The driver's read (every catalog claim makes one): mongoose's query building would add half again to
    // its CPU, for nothing to cast.
    const stored = await this.collection.findOne({ _id: id });
    return stored && toCourse(stored);
  }

  /** Published courses open to the profession (or to every profession), for recommendations. */
  async findPublishedFor(profession: string): Promise<CatalogCourse[]> {
    const found = await this.courses
      .find({ status: 'published', $or: [{ professions: profession }, { professions: { $size: 0 } }] })
      .lean<CatalogCourseDocument[]>();
    return found.map(toCourse);
  }
}
