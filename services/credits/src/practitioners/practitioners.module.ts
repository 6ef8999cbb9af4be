import { outboxRelayFor } from '@cme/messaging';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { PRACTITIONER_MODEL, PractitionerSchema } from './practitioner.schema';
import { PractitionerProfileService } from './practitioner-profile.service';
import { PractitionerRepository } from './practitioner.repository';
import { PractitionersController } from './practitioners.controller';

@Module({
  imports: [MongooseModule.forFeature([{ name: PRACTITIONER_MODEL, schema: PractitionerSchema }])],
  controllers: [PractitionersController],
  providers: [PractitionerRepository, PractitionerProfileService, ...outboxRelayFor(PRACTITIONER_MODEL)],
  exports: [PractitionerProfileService],
})
export class PractitionersModule {}
