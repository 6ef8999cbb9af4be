import { CourseEventTypes, type CourseEventType, type DomainEvent } from '@cme/contracts';
import { OnDomainEvent } from '@cme/messaging';
import { Inject, Injectable } from '@nestjs/common';

import { CourseSearchReadModel } from './course-search-read-model';

/**
 * Keeps this instance's search index current with every course change, including those written by other
 * instances: a broadcast listener, since each instance holds an index of its own. The index applies a
 * snapshot by version, so a repeated or late one changes nothing.
 */
@Injectable()
export class CourseSearchIndexListener {
  constructor(@Inject(CourseSearchReadModel) private readonly readModel: CourseSearchReadModel) {}

  @OnDomainEvent(CourseEventTypes.published, { broadcast: true })
  @OnDomainEvent(CourseEventTypes.updated, { broadcast: true })
  @OnDomainEvent(CourseEventTypes.retired, { broadcast: true })
  async apply(event: DomainEvent<CourseEventType>): Promise<void> {
    this.readModel.apply(event.data);
  }
}
