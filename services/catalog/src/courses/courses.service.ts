import { randomUUID } from 'node:crypto';

import { CourseEventTypes, createEvent, type CourseSnapshot } from '@cme/contracts';
import { OutboxRelay } from '@cme/messaging';
import { ProblemException, SERVICE_NAME } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model } from 'mongoose';

import { type CreateCourse } from './course.dto';
import { COURSE_MODEL, type CourseDocument, toCourseSnapshot } from './course.schema';

@Injectable()
export class CoursesService {
  constructor(
    @InjectModel(COURSE_MODEL) private readonly courses: Model<CourseDocument>,
    @Inject(OutboxRelay) private readonly outbox: OutboxRelay,
    @Inject(SERVICE_NAME) private readonly source: string,
  ) {}

  async create(input: CreateCourse, now = new Date()): Promise<CourseSnapshot> {
    const created = await this.courses.create({
      _id: randomUUID(),
      version: 1,
      status: 'draft',
      ...input,
      createdAt: now,
      updatedAt: now,
      outbox: [],
    });
    return toCourseSnapshot(created.toObject());
  }

  async get(id: string): Promise<CourseSnapshot> {
    const course = await this.courses.findById(id, { outbox: 0 }).lean();
    if (!course) throw ProblemException.notFound(`Course ${id} does not exist.`);
    return toCourseSnapshot(course);
  }

  /**
   * draft → published. The status change and its event are one single-document write, conditional on the
   * status read, so two concurrent publishes cannot both succeed.
   */
  async publish(id: string, now = new Date()): Promise<CourseSnapshot> {
    const current = await this.courses.findById(id, { outbox: 0 }).lean();
    if (!current) throw ProblemException.notFound(`Course ${id} does not exist.`);
    if (current.status !== 'draft') {
      throw ProblemException.conflict(`Course ${id} is ${current.status}; only a draft can be published.`);
    }
    const published = { ...current, status: 'published' as const, publishedAt: now, updatedAt: now };
    const snapshot = toCourseSnapshot(published);
    const event = createEvent({
      id: randomUUID(),
      type: CourseEventTypes.published,
      source: this.source,
      subject: id,
      time: now,
      data: snapshot,
    });
    const result = await this.courses.updateOne(
      { _id: id, status: 'draft', version: current.version },
      { $set: { status: 'published', publishedAt: now, updatedAt: now }, $push: { outbox: event } },
    );
    if (result.modifiedCount !== 1) {
      throw ProblemException.conflict(`Course ${id} changed while it was being published; try again.`);
    }
    this.outbox.flushInBackground(id);
    return snapshot;
  }
}
