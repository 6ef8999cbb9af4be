import { type CourseSnapshot } from '@cme/contracts';
import { Inject, Injectable } from '@nestjs/common';

import { type Course, toCourseSnapshot } from './course';
import { type CourseSearch } from './course.dto';
import { CourseRepository } from './course.repository';
import { queryKeywords } from './course-keywords';
import { CourseSearchReadModel } from './course-search-read-model';

export interface CourseSearchPage {
  items: CourseSnapshot[];
  nextCursor: string | null;
}

const NOTHING: CourseSearchPage = { items: [], nextCursor: null };

/**
 * Reads of the catalog: one course, and searches. Published and retired courses are searched in this
 * instance's in-memory index; drafts, which only staff list, in the database. Who may see what is the
 * caller's business (`course-access.policy.ts`), not this service's.
 */
@Injectable()
export class CourseSearchService {
  constructor(
    @Inject(CourseRepository) private readonly courses: CourseRepository,
    @Inject(CourseSearchReadModel) private readonly index: CourseSearchReadModel,
  ) {}

  findById(id: string): Promise<Course | null> {
    return this.courses.findById(id);
  }

  async search(search: CourseSearch & { status: Course['status'] }): Promise<CourseSearchPage> {
    // Text without a single searchable word (`***`, `.*`) matches nothing: it must not widen to everything.
    if (search.q !== undefined && search.q.trim() !== '' && queryKeywords(search.q).length === 0)
      return NOTHING;
    if (search.status !== 'draft') return this.index.search({ ...search, status: search.status });
    const page = await this.courses.findPage(search);
    return { items: page.items.map(toCourseSnapshot), nextCursor: page.nextCursor };
  }

  /** A change this instance wrote, shown by its searches at once (other instances learn it from the event). */
  applyOwnChange(course: CourseSnapshot): void {
    this.index.apply(course);
  }
}
