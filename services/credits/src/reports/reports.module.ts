import { Module } from '@nestjs/common';

import { ComplianceModule } from '../compliance/compliance.module';
import { ComplianceRoster } from './compliance-roster';
import { ReportsController } from './reports.controller';

/** Staff reports, read from what the compliance module stores. */
@Module({
  imports: [ComplianceModule],
  controllers: [ReportsController],
  providers: [ComplianceRoster],
})
export class ReportsModule {}
