import { randomUUID } from 'node:crypto';

import { CourseEventTypes, createEvent, type CourseSnapshot } from '@cme/contracts';
import { OutboxRelay } from '@cme/messaging';
import { type Caller, fieldErrors, SERVICE_NAME } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model } from 'mongoose';

import {
  CONTENT_FIELDS,
  type CourseContent,
  CourseContentSchema,
  type CoursePatch,
  type CourseSearch,
  type ImportedCourse,
} from './course.dto';
import {
  COURSE_MODEL,
  courseContent,
  type CourseDocument,
  courseSearchFields,
  toCourseSnapshot,
} from './course.schema';
import { CourseErrors } from './course.errors';
import { courseSearchQuery, encodeCursor } from './course-search';
import { CourseSearchReadModel } from './course-search-read-model';
import { COURSE_VERSION_MODEL, type CourseVersionDocument, courseVersionId } from './course-version.schema';
import { importedCourseId } from './imported-course-id';

type StoredCourse = Omit<CourseDocument, 'outbox' | 'keywords'>;
type CourseEventType = (typeof CourseEventTypes)[keyof typeof CourseEventTypes];
export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/** What a read returns: the outbox is the relay's, the keywords the search's. */
const STORED_FIELDS = { outbox: 0, keywords: 0 } as const;
const DUPLICATE_KEY = 11000;
/** A version claim this old whose course never reached that version was left by a writer that died. */
const ABANDONED_CLAIM_MS = 30_000;

export function isStaff(caller: Caller): boolean {
  return caller.roles.includes('staff') || caller.roles.includes('admin');
}

function sameContent(a: CourseContent, b: CourseContent): boolean {
  return JSON.stringify(courseContent(a)) === JSON.stringify(courseContent(b));
}

/**
 * The course lifecycle: draft → published → retired. `version` grows with every change, so consumers of the
 * snapshots can order them. A writer first claims the next version (a unique insert into course_versions,
 * which also keeps every version's snapshot), then writes the course conditional on the version it read:
 * of concurrent changes one wins and the others get 409, never a silent overwrite. A change that consumers
 * must learn about carries its event in the same single-document write (the course's outbox).
 */
@Injectable()
export class CoursesService {
  constructor(
    @InjectModel(COURSE_MODEL) private readonly courses: Model<CourseDocument>,
    @InjectModel(COURSE_VERSION_MODEL) private readonly versions: Model<CourseVersionDocument>,
    @Inject(OutboxRelay) private readonly outbox: OutboxRelay,
    @Inject(SERVICE_NAME) private readonly source: string,
    @Inject(CourseSearchReadModel) private readonly searchIndex: CourseSearchReadModel,
  ) {}

  async create(content: CourseContent, now = new Date()): Promise<CourseSnapshot> {
    return this.insertDraft(randomUUID(), content, now);
  }

  async get(id: string, caller: Caller): Promise<CourseSnapshot> {
    const course = await this.read(id);
    // A draft is nobody's business but staff's: to others it does not exist.
    if (!course || (course.status === 'draft' && !isStaff(caller))) {
      throw CourseErrors.notFound(id);
    }
    return toCourseSnapshot(course);
  }

  async search(
    search: CourseSearch,
    caller: Caller,
  ): Promise<{ items: CourseSnapshot[]; nextCursor: string | null }> {
    const status = search.status ?? 'published';
    if (status !== 'published' && !isStaff(caller)) {
      throw CourseErrors.statusNotListable(status);
    }
    // Published and retired courses are searched in memory; drafts, which only staff list, in the database.
    if (status !== 'draft') return this.searchIndex.search({ ...search, status });
    const { filter, sort, limit } = courseSearchQuery({ ...search, status });
    const found = await this.courses
      .find(filter, STORED_FIELDS)
      .sort(sort)
      .limit(limit)
      .lean<StoredCourse[]>();
    const page = found.slice(0, search.limit);
    const last = page.at(-1);
    return {
      items: page.map(toCourseSnapshot),
      nextCursor:
        found.length > page.length && last
          ? encodeCursor({ sortKey: last.createdAt.toISOString(), id: last._id })
          : null,
    };
  }

  /** Applies a patch (`null` removes an optional field) and validates the resulting course as a whole. */
  async update(id: string, patch: CoursePatch, now = new Date()): Promise<CourseSnapshot> {
    const current = await this.existing(id);
    const merged: Record<string, unknown> = { ...courseContent(current) };
    for (const [field, value] of Object.entries(patch)) {
      if (value === null) delete merged[field];
      else merged[field] = value;
    }
    const parsed = CourseContentSchema.safeParse(merged);
    if (!parsed.success) {
      throw CourseErrors.invalidAfterChange(fieldErrors(parsed.error));
    }
    return (await this.changeContent(current, parsed.data, now)).snapshot;
  }

  async publish(id: string, now = new Date()): Promise<CourseSnapshot> {
    const current = await this.existing(id);
    if (current.status !== 'draft') {
      throw CourseErrors.notDraft(id, current.status);
    }
    return this.write(
      current,
      { status: 'published', version: current.version + 1, publishedAt: now },
      CourseEventTypes.published,
      now,
    );
  }

  async retire(id: string, now = new Date()): Promise<CourseSnapshot> {
    const current = await this.existing(id);
    if (current.status !== 'published') {
      throw CourseErrors.notPublished(id, current.status);
    }
    return this.write(
      current,
      { status: 'retired', version: current.version + 1 },
      CourseEventTypes.retired,
      now,
    );
  }

  /**
   * Creates or updates the course an import row names. Its id is derived from the external id, so a row is
   * matched by a lookup on `_id` (the one query FerretDB answers without a scan) and two imports of one row
   * cannot create two courses. Imported courses start as drafts; unchanged rows change nothing.
   */
  async importCourse({ externalId, ...input }: ImportedCourse, now = new Date()): Promise<ImportOutcome> {
    const id = importedCourseId(externalId);
    const content = courseContent(input);
    const current = await this.read(id);
    if (!current) {
      await this.insertDraft(id, content, now, externalId);
      return 'created';
    }
    return (await this.changeContent(current, content, now)).changed ? 'updated' : 'unchanged';
  }

  private async insertDraft(
    id: string,
    content: CourseContent,
    now: Date,
    externalId?: string,
  ): Promise<CourseSnapshot> {
    const course: StoredCourse = {
      _id: id,
      version: 1,
      status: 'draft',
      ...(externalId && { externalId }),
      ...courseContent(content),
      ...courseSearchFields(content),
      createdAt: now,
      updatedAt: now,
    };
    const snapshot = toCourseSnapshot(course);
    await this.claimVersion(snapshot, now);
    await this.courses.create({ ...course, outbox: [] });
    return snapshot;
  }

  private async changeContent(
    current: StoredCourse,
    content: CourseContent,
    now: Date,
  ): Promise<{ snapshot: CourseSnapshot; changed: boolean }> {
    if (current.status === 'retired') {
      throw CourseErrors.retired(current._id);
    }
    if (sameContent(current, content)) return { snapshot: toCourseSnapshot(current), changed: false };
    const event = current.status === 'published' ? CourseEventTypes.updated : undefined;
    const snapshot = await this.write(current, { version: current.version + 1, content }, event, now);
    return { snapshot, changed: true };
  }

  /**
   * Writes a change, conditional on the version and status read, with the event (if any) in the same
   * single-document update; then publishes the event in the background (the relay's sweep retries).
   */
  private async write(
    current: StoredCourse,
    change: Partial<Pick<StoredCourse, 'status' | 'version' | 'publishedAt'>> & { content?: CourseContent },
    eventType: CourseEventType | undefined,
    now: Date,
  ): Promise<CourseSnapshot> {
    const content = courseContent(change.content ?? current);
    const { _id, externalId, createdAt } = current;
    const { _id: _unchangedId, ...fields }: StoredCourse = {
      _id,
      version: change.version ?? current.version,
      status: change.status ?? current.status,
      ...(externalId && { externalId }),
      ...content,
      ...courseSearchFields(content),
      ...((change.publishedAt ?? current.publishedAt) && {
        publishedAt: change.publishedAt ?? current.publishedAt,
      }),
      createdAt,
      updatedAt: now,
    };
    const snapshot = toCourseSnapshot({ _id, ...fields });
    await this.claimVersion(snapshot, now);
    const removed = CONTENT_FIELDS.filter((field) => content[field] === undefined);
    const event =
      eventType &&
      createEvent({
        id: randomUUID(),
        type: eventType,
        source: this.source,
        subject: _id,
        time: now,
        data: snapshot,
      });
    // One at a time with the relay's clears of this course: on FerretDB either could otherwise undo the other.
    const result = await this.outbox.serializedWrite(_id, () =>
      this.courses.updateOne(
        { _id, version: current.version, status: current.status },
        {
          $set: fields,
          ...(removed.length > 0 && { $unset: Object.fromEntries(removed.map((field) => [field, ''])) }),
          ...(event && { $push: { outbox: event } }),
        },
      ),
    );
    if (result.modifiedCount !== 1) {
      throw CourseErrors.changedMeanwhile(_id);
    }
    if (event) this.outbox.flushInBackground(_id);
    // This instance's searches see its own change at once; the others, when the event reaches them.
    this.searchIndex.apply(snapshot);
    return snapshot;
  }

  /** Claims the snapshot's version for this writer, or answers 409: someone else changed the course. */
  private async claimVersion(snapshot: CourseSnapshot, now: Date): Promise<void> {
    const claim = {
      _id: courseVersionId(snapshot.id, snapshot.version),
      courseId: snapshot.id,
      version: snapshot.version,
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.versions.create({ ...claim, claimedAt: now, snapshot });
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      }
      if (attempt === 0 && !(await this.releaseAbandonedClaim(claim._id, snapshot, now))) break;
    }
    throw CourseErrors.changedMeanwhile(snapshot.id);
  }

  /** Removes a claim whose writer died between claiming and writing, so the course can change again. */
  private async releaseAbandonedClaim(
    claimId: string,
    snapshot: CourseSnapshot,
    now: Date,
  ): Promise<boolean> {
    const claim = await this.versions.findById(claimId, { claimedAt: 1 }).lean();
    if (!claim || now.getTime() - claim.claimedAt.getTime() < ABANDONED_CLAIM_MS) return false;
    const course = await this.read(snapshot.id);
    if (course && course.version >= snapshot.version) return false;
    return (await this.versions.deleteOne({ _id: claimId })).deletedCount === 1;
  }

  private read(id: string): Promise<StoredCourse | null> {
    return this.courses.findById(id, STORED_FIELDS).lean<StoredCourse>();
  }

  private async existing(id: string): Promise<StoredCourse> {
    const course = await this.read(id);
    if (!course) throw CourseErrors.notFound(id);
    return course;
  }
}
