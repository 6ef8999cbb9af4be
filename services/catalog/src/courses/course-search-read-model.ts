import { randomUUID } from 'node:crypto';

import { type CourseSnapshot, CourseEventTypes, Topics, validateEvent } from '@cme/contracts';
import { KAFKA } from '@cme/messaging';
import { APP_CONFIG, type ServiceConfig } from '@cme/platform';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type Consumer, type Kafka } from 'kafkajs';

import { type CourseSearch } from './course.dto';
import { toCourseSnapshot } from './course';
import { CourseErrors } from './course.errors';
import { CourseRepository } from './course.repository';
import { CourseSearchIndex, type IndexPage } from './course-search-index';

const COURSE_EVENT_TYPES: readonly string[] = Object.values(CourseEventTypes);
const RELOAD_DELAY_MS = 2000;
/**
 * How long a search waits for the first load before answering 503: a small catalog loads well within it;
 * 50,000 courses took 39–110 s from FerretDB (three runs), too long to hold a request.
 */
const LOAD_WAIT_MS = 10_000;

/**
 * This instance's copy of the published and retired catalog, for searches. At start-up it joins the course
 * topic (its own consumer group, so every instance sees every event), then loads the courses from the
 * database; from then on each instance's own writes and every catalog event keep it current. Versions decide
 * between a loaded course and an event about it, so their order does not matter. Another instance's change
 * shows here once its event arrives (the outbox relay publishes right after the write).
 */
@Injectable()
export class CourseSearchReadModel implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CourseSearchReadModel.name);
  private readonly index = new CourseSearchIndex();
  private readonly groupId: string;
  private consumer?: Consumer;
  private loaded: Promise<void> = new Promise(() => undefined);
  private stopped = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(CourseRepository) private readonly courses: CourseRepository,
    @Inject(APP_CONFIG) config: ServiceConfig,
  ) {
    this.groupId = `${config.KAFKA_GROUP_ID}-search-${randomUUID()}`;
  }

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

  async onApplicationBootstrap(): Promise<void> {
    await this.follow();
    this.loaded = this.load();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.consumer?.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    // The group names this instance only; leaving it behind would leave one stale group per restart.
    await admin.deleteGroups([this.groupId]).catch(() => undefined);
    await admin.disconnect();
  }

  /** Resolves once the consumer has fetched from its partitions: from then on no event is missed. */
  private async follow(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 500 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.courses, fromBeginning: false });
    const fetched = new Promise<void>((resolve) => {
      const offJoin = consumer.on(consumer.events.GROUP_JOIN, () => {
        offJoin();
        const offFetch = consumer.on(consumer.events.FETCH, () => {
          offFetch();
          resolve();
        });
      });
    });
    await consumer.run({
      eachMessage: async ({ message }) => {
        try {
          const event = validateEvent(JSON.parse(message.value?.toString('utf8') ?? 'null'));
          if (COURSE_EVENT_TYPES.includes(event.type)) this.index.apply(event.data as CourseSnapshot);
        } catch (error) {
          this.logger.warn({
            msg: 'course event skipped by the search index',
            error: (error as Error).message,
          });
        }
      },
    });
    await fetched;
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
