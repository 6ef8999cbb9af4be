import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CourseAlertScan } from '../queues/course-alerts/course-alert-scan';
import { EmailQueueModule } from '../queues/email/email-queue.module';
import { RemindersModule } from '../reminders/reminders.module';
import { CATALOG_COURSE_MODEL, CatalogCourseSchema } from './catalog-course.schema';
import { CourseAlertSender } from './course-alert-sender';
import { COURSE_ALERT_MODEL, CourseAlertSchema } from './course-alert.schema';
import { CourseAlerts } from './course-alerts';
import { CourseListener } from './course.listener';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: CATALOG_COURSE_MODEL, schema: CatalogCourseSchema },
      { name: COURSE_ALERT_MODEL, schema: CourseAlertSchema },
    ]),
    EmailQueueModule,
    RemindersModule,
  ],
  providers: [CourseAlerts, CourseAlertScan, CourseAlertSender, CourseListener],
  exports: [CourseAlertSender],
})
export class CourseAlertsModule {}
