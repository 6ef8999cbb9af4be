import { outboxRelayFor } from '@cme/messaging';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CatalogCoursesModule } from '../catalog-courses/catalog-courses.module';
import { LedgerModule } from '../ledger/ledger.module';
import { PractitionersModule } from '../practitioners/practitioners.module';
import { ComplianceController } from './compliance.controller';
import { ComplianceEvaluator } from './compliance-evaluator';
import { ComplianceListener } from './compliance.listener';
import { COMPLIANCE_RESULT_MODEL, ComplianceResultSchema } from './compliance-result.schema';
import { ComplianceResultRepository } from './compliance-result.repository';
import { ComplianceService } from './compliance.service';
import { ComplianceSweep } from './compliance-sweep';
import { CourseRecommender } from './course-recommender';
import { RequirementsController } from './requirements.controller';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: COMPLIANCE_RESULT_MODEL, schema: ComplianceResultSchema }]),
    PractitionersModule,
    LedgerModule,
    CatalogCoursesModule,
  ],
  controllers: [ComplianceController, RequirementsController],
  providers: [
    ComplianceEvaluator,
    ComplianceResultRepository,
    ComplianceService,
    CourseRecommender,
    ComplianceListener,
    ComplianceSweep,
    ...outboxRelayFor(COMPLIANCE_RESULT_MODEL),
  ],
  exports: [ComplianceService, ComplianceResultRepository, ComplianceEvaluator],
})
export class ComplianceModule {}
