import { type DomainEvent } from '@cme/contracts';
import { OutboxRelay } from '@cme/messaging';
import { isDuplicateKey } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model } from 'mongoose';

import { CONTENT_FIELDS, type Course, type CourseContent, normalizedContent } from './course';
import { type CourseSearch } from './course.dto';
import { COURSE_MODEL, type CourseDocument, courseSearchFields } from './course.schema';
import { courseSearchQuery, encodeCursor } from './course-search';

/** What a read takes of a stored course: the outbox is the relay's, the keywords the search's. */
const COURSE_FIELDS = { outbox: 0, keywords: 0 } as const;

type StoredCourse = Omit<CourseDocument, 'outbox' | 'keywords'>;

export interface CoursePage {
  items: Course[];
  nextCursor: string | null;
}

function toCourse(stored: StoredCourse): Course {
  return {
    id: stored._id,
    version: stored.version,
    status: stored.status,
    ...(stored.externalId && { externalId: stored.externalId }),
    content: normalizedContent(stored),
    ...(stored.publishedAt && { publishedAt: stored.publishedAt }),
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}

/** Every stored field of a course but its id and outbox: the content flattened, with its search fields. */
function storedFields(course: Course): Omit<CourseDocument, '_id' | 'outbox'> {
  return {
    version: course.version,
    status: course.status,
    ...(course.externalId && { externalId: course.externalId }),
    ...normalizedContent(course.content),
    ...courseSearchFields(course.content),
    ...(course.publishedAt && { publishedAt: course.publishedAt }),
    createdAt: course.createdAt,
    updatedAt: course.updatedAt,
  };
}

/**
 * The one place that reads and writes courses. A write is one single-document operation carrying the
 * events the change causes in the course's outbox, after which the relay is woken to publish them; a
 * change is conditional on the version it was made from, so of two concurrent changes exactly one lands.
 */
@Injectable()
export class CourseRepository {
  constructor(
    @InjectModel(COURSE_MODEL) private readonly courses: Model<CourseDocument>,
    @Inject(OutboxRelay) private readonly outbox: OutboxRelay,
  ) {}

  async findById(id: string): Promise<Course | null> {
    const stored = await this.courses.findById(id, COURSE_FIELDS).lean<StoredCourse>();
    return stored && toCourse(stored);
  }

  /** Stores a new course; `false` when a course with its id exists already. */
  async insert(course: Course, events: readonly DomainEvent[] = []): Promise<boolean> {
    try {
      await this.courses.create({ _id: course.id, ...storedFields(course), outbox: [...events] });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    if (events.length > 0) this.outbox.flushInBackground(course.id);
    return true;
  }

  /**
   * Replaces the stored course with `course` if it is still at `expectedVersion`, appending `events` to its
   * outbox in the same write; `false` when someone else changed it first (or it is gone).
   */
  async saveIfVersion(
    course: Course,
    expectedVersion: number,
    events: readonly DomainEvent[],
  ): Promise<boolean> {
    const removed = CONTENT_FIELDS.filter(
      (field) => (course.content as Partial<CourseContent>)[field] === undefined,
    );
    const result = await this.courses.updateOne(
      { _id: course.id, version: expectedVersion },
      {
        $set: storedFields(course),
        ...(removed.length > 0 && { $unset: Object.fromEntries(removed.map((field) => [field, ''])) }),
        ...(events.length > 0 && { $push: { outbox: { $each: [...events] } } }),
      },
    );
    if (result.modifiedCount !== 1) return false;
    if (events.length > 0) this.outbox.flushInBackground(course.id);
    return true;
  }

  /** One page of the courses of a status matching the search, in search order (see `courseSearchQuery`). */
  async findPage(search: CourseSearch & { status: Course['status'] }): Promise<CoursePage> {
    const { filter, sort, limit, sortField } = courseSearchQuery(search);
    const found = await this.courses
      .find(filter, COURSE_FIELDS)
      .sort(sort)
      .limit(limit)
      .lean<StoredCourse[]>();
    const page = found.slice(0, search.limit);
    const last = page.at(-1);
    const lastKey = last?.[sortField];
    return {
      items: page.map(toCourse),
      nextCursor:
        found.length > page.length && last && lastKey
          ? encodeCursor({ sortKey: lastKey.toISOString(), id: last._id })
          : null,
    };
  }

  /** Every published and retired course, streamed (the search index loads from it). */
  async *listed(): AsyncGenerator<Course> {
    const cursor = this.courses
      .find({ status: { $in: ['published', 'retired'] } }, COURSE_FIELDS)
      .lean<StoredCourse>()
      .cursor();
    for await (const stored of cursor) yield toCourse(stored as StoredCourse);
  }
}
