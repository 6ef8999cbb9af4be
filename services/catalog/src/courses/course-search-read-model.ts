import { type CourseSnapshot } from '@cme/contracts';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';

import { type CourseSearch } from './course.dto';
import { toCourseSnapshot } from './course';
import { CourseErrors } from './course.errors';
import { CourseRepository } from './course.repository';
import { CourseSearchIndex, type IndexPage } from './course-search-index';

const RELOAD_DELAY_MS = 2000;
/**
 * How long a search waits for the first load before answering 503: a small catalog loads well within it; a
 * catalog of tens of thousands of courses may not, and a request should not be held that long.
 */
const LOAD_WAIT_MS = 10_000;

/**
 * This instance's copy of the published and retired catalog, for searches. At start-up it loads the courses
 * from the database; every course event reaches it through {@link CourseSearchIndexListener}, a broadcast
 * listener that consumes from before this load starts (the messaging module starts broadcast consumers before
 * any `onApplicationBootstrap`), so no change between the two is missed. Versions decide between a loaded
 * course and an event about it, so their order does not matter. Each instance's own writes show at once;
 * another instance's once its event arrives (the outbox relay publishes right after the write).
 */
@Injectable()
export class CourseSearchReadModel implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CourseSearchReadModel.name);
  private readonly index = new CourseSearchIndex();
  private loaded: Promise<void> = new Promise(() => undefined);
  private stopped = false;

  constructor(@Inject(CourseRepository) private readonly courses: CourseRepository) {}

  apply(course: CourseSnapshot): void {
    this.index.apply(course);
  }

  /**
   * Searches wait for the first load: an instance never answers from a catalog it has half read. A load that
   * takes longer (a large catalog, an unreachable database) answers 503 instead of holding the request.
   */
  async search(search: CourseSearch & { status: 'published' | 'retired' }): Promise<IndexPage> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(CourseErrors.catalogLoading()), LOAD_WAIT_MS);
    });
    try {
      await Promise.race([this.loaded, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return this.index.search(search);
  }

  onApplicationBootstrap(): void {
    this.loaded = this.load();
  }

  onModuleDestroy(): void {
    this.stopped = true;
  }

  /** Reads every published and retired course; retried until it succeeds, since searches wait for it. */
  private async load(): Promise<void> {
    while (!this.stopped) {
      try {
        const started = Date.now();
        for await (const course of this.courses.listed()) this.index.apply(toCourseSnapshot(course));
        this.logger.log({ msg: 'search index loaded', courses: this.index.size, ms: Date.now() - started });
        return;
      } catch (error) {
        this.logger.warn({ msg: 'search index load failed; retrying', error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, RELOAD_DELAY_MS));
      }
    }
  }
}
