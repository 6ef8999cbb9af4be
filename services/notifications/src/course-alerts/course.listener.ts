import { CourseEventTypes, type CourseEventType, type DomainEvent } from '@cme/contracts';
import { OnDomainEvent } from '@cme/messaging';
import { Inject, Injectable } from '@nestjs/common';

import { CourseAlertScan } from '../queues/course-alerts/course-alert-scan';
import { CourseAlerts } from './course-alerts';

/** Keeps the service's copy of the catalog, and starts the alerts of a newly published course. */
@Injectable()
export class CourseListener {
  constructor(
    @Inject(CourseAlerts) private readonly alerts: CourseAlerts,
    @Inject(CourseAlertScan) private readonly scan: CourseAlertScan,
  ) {}

  @OnDomainEvent(CourseEventTypes.published, { versionConditional: true })
  @OnDomainEvent(CourseEventTypes.updated, { versionConditional: true })
  @OnDomainEvent(CourseEventTypes.retired, { versionConditional: true })
  async apply(event: DomainEvent<CourseEventType>): Promise<void> {
    // The scan's first job id is the course's: a redelivered event or a later update adds nothing.
    if (await this.alerts.applyCourse(event.data)) await this.scan.start(event.data.id);
  }
}
