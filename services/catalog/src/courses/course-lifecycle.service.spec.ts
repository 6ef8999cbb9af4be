import { CourseEventTypes, type DomainEvent } from '@cme/contracts';
import { AppException } from '@cme/platform';

import { type Course, type CourseContent } from './course';
import { type CourseRepository } from './course.repository';
import { CourseLifecycleService } from './course-lifecycle.service';
import { type CourseSearchService } from './course-search.service';
import { importedCourseId } from './imported-course-id';

const content: CourseContent = {
  title: 'Safe opioid prescribing',
  provider: { name: 'Pain Society', accreditor: 'ACCME' },
  format: 'journal',
  topics: ['opioid-prescribing'],
  credits: [{ type: 'AMA_PRA_1', amount: 2 }],
  professions: ['physician'],
  approvals: [],
};
const now = new Date('2026-11-01T10:00:00Z');

/** The repository seam, in memory: what the service stores and the events it hands over with each write. */
class CoursesInMemory implements Pick<CourseRepository, 'findById' | 'insert' | 'saveIfVersion'> {
  readonly stored = new Map<string, Course>();
  readonly events: DomainEvent[] = [];
  /** Makes the next conditional write lose, as if another writer had changed the course first. */
  loseNextWrite = false;

  async findById(id: string): Promise<Course | null> {
    return this.stored.get(id) ?? null;
  }

  async insert(course: Course, events: readonly DomainEvent[] = []): Promise<boolean> {
    if (this.stored.has(course.id)) return false;
    this.stored.set(course.id, course);
    this.events.push(...events);
    return true;
  }

  async saveIfVersion(
    course: Course,
    expectedVersion: number,
    events: readonly DomainEvent[],
  ): Promise<boolean> {
    if (this.loseNextWrite || this.stored.get(course.id)?.version !== expectedVersion) {
      this.loseNextWrite = false;
      return false;
    }
    this.stored.set(course.id, course);
    this.events.push(...events);
    return true;
  }
}

describe('course lifecycle (against the repository seam)', () => {
  let courses: CoursesInMemory;
  let search: { applyOwnChange: jest.Mock };
  let lifecycle: CourseLifecycleService;

  beforeEach(() => {
    courses = new CoursesInMemory();
    search = { applyOwnChange: jest.fn() };
    lifecycle = new CourseLifecycleService(
      courses as unknown as CourseRepository,
      search as unknown as CourseSearchService,
      'catalog',
    );
  });

  it('creates a draft at version 1 and announces nothing', async () => {
    const draft = await lifecycle.create(content, now);
    expect(draft).toMatchObject({ status: 'draft', version: 1, title: content.title });
    expect(courses.events).toEqual([]);
  });

  it('publishes a draft once, with its event in the same write, and shows it to its own searches', async () => {
    const draft = await lifecycle.create(content, now);
    const published = await lifecycle.publish(draft.id, now);
    expect(published).toMatchObject({ status: 'published', version: 2, publishedAt: now.toISOString() });
    expect(courses.events).toEqual([
      expect.objectContaining({ type: CourseEventTypes.published, subject: draft.id, data: published }),
    ]);
    expect(search.applyOwnChange).toHaveBeenCalledWith(published);
    await expect(lifecycle.publish(draft.id, now)).rejects.toMatchObject({
      status: 409,
      code: 'course-not-draft',
    });
  });

  it('announces changes of a published course, never of a draft, and ignores a change that changes nothing', async () => {
    const draft = await lifecycle.create(content, now);
    await lifecycle.update(draft.id, { title: 'Safe opioid prescribing, 2nd edition' }, now);
    expect(courses.events).toEqual([]);
    await lifecycle.publish(draft.id, now);
    const updated = await lifecycle.update(draft.id, { topics: ['pain-management'] }, now);
    expect(updated.version).toBe(4);
    expect(courses.events.map((event) => event.type)).toEqual([
      CourseEventTypes.published,
      CourseEventTypes.updated,
    ]);
    expect((await lifecycle.update(draft.id, { topics: ['pain-management'] }, now)).version).toBe(4);
  });

  it('removes an optional field with null and validates the course as a whole', async () => {
    const draft = await lifecycle.create({ ...content, summary: 'To be removed' }, now);
    expect(await lifecycle.update(draft.id, { summary: null }, now)).not.toHaveProperty('summary');
    await expect(lifecycle.update(draft.id, { format: 'live' }, now)).rejects.toMatchObject({
      status: 400,
      code: 'course-invalid',
    });
  });

  it('answers 409 when another writer changed the course first, and writes nothing', async () => {
    const draft = await lifecycle.create(content, now);
    courses.loseNextWrite = true;
    const change = lifecycle.update(draft.id, { title: 'A lost race' }, now);
    await expect(change).rejects.toBeInstanceOf(AppException);
    await expect(change).rejects.toMatchObject({ status: 409, code: 'course-changed' });
    expect(courses.stored.get(draft.id)?.content.title).toBe(content.title);
  });

  it('refuses to change a retired course, and 404s an unknown one', async () => {
    const draft = await lifecycle.create(content, now);
    await lifecycle.publish(draft.id, now);
    await lifecycle.retire(draft.id, now);
    await expect(lifecycle.update(draft.id, { title: 'Too late' }, now)).rejects.toMatchObject({
      code: 'course-retired',
    });
    await expect(lifecycle.retire('missing', now)).rejects.toMatchObject({ status: 404 });
  });

  it('imports by external id: created, then unchanged, then updated', async () => {
    expect(await lifecycle.importCourse('ext-1', content, now)).toBe('created');
    expect(courses.stored.get(importedCourseId('ext-1'))).toMatchObject({
      externalId: 'ext-1',
      status: 'draft',
    });
    expect(await lifecycle.importCourse('ext-1', content, now)).toBe('unchanged');
    expect(await lifecycle.importCourse('ext-1', { ...content, title: 'Changed upstream' }, now)).toBe(
      'updated',
    );
  });
});
