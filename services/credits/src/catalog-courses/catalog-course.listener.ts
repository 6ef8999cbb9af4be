import { CourseEventTypes, type CourseEventType, type DomainEvent } from '@cme/contracts';
import { OnDomainEvent } from '@cme/messaging';
import { Inject, Injectable } from '@nestjs/common';

import { CatalogCourseRepository } from './catalog-course.repository';

/** Keeps the credits service's copy of the catalog current, from the catalog's course events. */
@Injectable()
export class CatalogCourseListener {
  constructor(@Inject(CatalogCourseRepository) private readonly courses: CatalogCourseRepository) {}

  // The copy keeps the newest version only, so a redelivered or out-of-date snapshot changes nothing.
  @OnDomainEvent(CourseEventTypes.published, { versionConditional: true })
  @OnDomainEvent(CourseEventTypes.updated, { versionConditional: true })
  @OnDomainEvent(CourseEventTypes.retired, { versionConditional: true })
  async apply(event: DomainEvent<CourseEventType>): Promise<void> {
    await this.courses.apply(event.data);
  }
}
