import { randomUUID } from 'node:crypto';

import {
  type CourseEventTypes,
  CourseEventTypes as Events,
  createEvent,
  type CourseSnapshot,
} from '@cme/contracts';
import { fieldErrors, SERVICE_NAME } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';

import { type Course, type CourseContent, normalizedContent, sameContent, toCourseSnapshot } from './course';
import { CourseContentSchema, type CoursePatch } from './course.dto';
import { CourseErrors } from './course.errors';
import { CourseRepository } from './course.repository';
import { CourseSearchService } from './course-search.service';
import { importedCourseId } from './imported-course-id';

type CourseEventType = (typeof CourseEventTypes)[keyof typeof CourseEventTypes];
export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/**
 * The course lifecycle: draft → published → retired, each change a new version. A change is written only
 * if the course is still at the version it was read at (of concurrent changes one wins, the others get 409,
 * none is lost); a change consumers must hear about carries its event in that same write.
 */
@Injectable()
export class CourseLifecycleService {
  constructor(
    @Inject(CourseRepository) private readonly courses: CourseRepository,
    @Inject(CourseSearchService) private readonly search: CourseSearchService,
    @Inject(SERVICE_NAME) private readonly source: string,
  ) {}

  async create(content: CourseContent, now = new Date()): Promise<CourseSnapshot> {
    const course = newDraft(randomUUID(), content, now);
    if (!(await this.courses.insert(course))) throw CourseErrors.changedMeanwhile(course.id);
    return toCourseSnapshot(course);
  }

  /** Applies a patch (`null` removes an optional field) and validates the resulting course as a whole. */
  async update(id: string, patch: CoursePatch, now = new Date()): Promise<CourseSnapshot> {
    const current = await this.existing(id);
    const merged: Record<string, unknown> = { ...normalizedContent(current.content) };
    for (const [field, value] of Object.entries(patch)) {
      if (value === null) delete merged[field];
      else merged[field] = value;
    }
    const parsed = CourseContentSchema.safeParse(merged);
    if (!parsed.success) throw CourseErrors.invalidAfterChange(fieldErrors(parsed.error));
    return toCourseSnapshot((await this.changeContent(current, parsed.data, now)).course);
  }

  async publish(id: string, now = new Date()): Promise<CourseSnapshot> {
    const current = await this.existing(id);
    if (current.status !== 'draft') throw CourseErrors.notDraft(id, current.status);
    return toCourseSnapshot(
      await this.save({ ...current, status: 'published', publishedAt: now }, current, Events.published, now),
    );
  }

  async retire(id: string, now = new Date()): Promise<CourseSnapshot> {
    const current = await this.existing(id);
    if (current.status !== 'published') throw CourseErrors.notPublished(id, current.status);
    return toCourseSnapshot(await this.save({ ...current, status: 'retired' }, current, Events.retired, now));
  }

  /**
   * Creates or updates the course an import row names. Its id is derived from the external id, so a row
   * always names the same course, whichever instance imports it and however often. Imported courses start
   * as drafts; a row holding exactly the stored content changes nothing.
   */
  async importCourse(externalId: string, content: CourseContent, now = new Date()): Promise<ImportOutcome> {
    const id = importedCourseId(externalId);
    const current = await this.courses.findById(id);
    if (!current) {
      if (!(await this.courses.insert({ ...newDraft(id, content, now), externalId }))) {
        throw CourseErrors.changedMeanwhile(id);
      }
      return 'created';
    }
    return (await this.changeContent(current, content, now)).changed ? 'updated' : 'unchanged';
  }

  private async changeContent(
    current: Course,
    content: CourseContent,
    now: Date,
  ): Promise<{ course: Course; changed: boolean }> {
    if (current.status === 'retired') throw CourseErrors.retired(current.id);
    if (sameContent(current.content, content)) return { course: current, changed: false };
    // Only a published course's changes concern consumers: drafts were never announced.
    const event = current.status === 'published' ? Events.updated : undefined;
    return { course: await this.save({ ...current, content }, current, event, now), changed: true };
  }

  /** Writes the next version of `current`, with the event of the change (if any) in the same write. */
  private async save(
    next: Course,
    current: Course,
    eventType: CourseEventType | undefined,
    now: Date,
  ): Promise<Course> {
    const course: Course = { ...next, version: current.version + 1, updatedAt: now };
    const snapshot = toCourseSnapshot(course);
    const events = eventType
      ? [
          createEvent({
            id: randomUUID(),
            type: eventType,
            source: this.source,
            subject: course.id,
            time: now,
            data: snapshot,
          }),
        ]
      : [];
    if (!(await this.courses.saveIfVersion(course, current.version, events))) {
      throw CourseErrors.changedMeanwhile(course.id);
    }
    // This instance's searches see its own change at once; the others when the event reaches them.
    this.search.applyOwnChange(snapshot);
    return course;
  }

  private async existing(id: string): Promise<Course> {
    const course = await this.courses.findById(id);
    if (!course) throw CourseErrors.notFound(id);
    return course;
  }
}

function newDraft(id: string, content: CourseContent, now: Date): Course {
  return { id, version: 1, status: 'draft', content, createdAt: now, updatedAt: now };
}
