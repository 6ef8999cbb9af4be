import { type PractitionerSnapshot, PractitionerSnapshotSchema } from '@cme/contracts';
import {
  ApiPathParameter,
  ApiProblems,
  type Caller,
  CurrentCaller,
  jsonSchemaOf,
  RequireRoles,
  SelfOrStaff,
  ZodValidationPipe,
} from '@cme/platform';
import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';

import { toPractitionerSnapshot } from './practitioner';
import {
  PractitionerIdSchema,
  type PractitionerProfileInput,
  PractitionerProfileInputSchema,
} from './practitioner.dto';
import { PractitionerErrors } from './practitioner.errors';
import { PractitionerProfileService } from './practitioner-profile.service';

const practitionerId = new ZodValidationPipe(PractitionerIdSchema, 'params');
const profile = jsonSchemaOf(PractitionerSnapshotSchema, 'output');

@ApiTags('practitioners')
@Controller('v1/practitioners')
export class PractitionersController {
  constructor(private readonly profiles: PractitionerProfileService) {}

  @Put('me')
  @RequireRoles('practitioner')
  @ApiOperation({
    summary: 'Create or replace my profile',
    description:
      'Licenses, boards, DEA registration and practice flags: what decides which requirements apply. ' +
      '201 the first time, 200 after. NPI and DEA numbers are checked against their check digits.',
  })
  @ApiBody({ schema: jsonSchemaOf(PractitionerProfileInputSchema) })
  @ApiCreatedResponse({ description: 'The profile, created', schema: profile })
  @ApiOkResponse({ description: 'The profile, replaced (or unchanged)', schema: profile })
  @ApiProblems(400, 409)
  async save(
    @CurrentCaller() caller: Caller,
    @Body(new ZodValidationPipe(PractitionerProfileInputSchema)) input: PractitionerProfileInput,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PractitionerSnapshot> {
    const { practitioner, created } = await this.profiles.save(caller, input);
    void reply.status(created ? 201 : 200);
    return toPractitionerSnapshot(practitioner);
  }

  @Get('me')
  @RequireRoles('practitioner')
  @ApiOperation({ summary: 'My profile' })
  @ApiOkResponse({ description: 'The profile', schema: profile })
  @ApiProblems(404)
  async mine(@CurrentCaller() caller: Caller): Promise<PractitionerSnapshot> {
    const practitioner = await this.profiles.find(caller.id);
    if (!practitioner) throw PractitionerErrors.noProfileYet();
    return toPractitionerSnapshot(practitioner);
  }

  @Get(':id')
  @SelfOrStaff('id')
  @ApiOperation({ summary: "A practitioner's profile (staff, or the practitioner themself)" })
  @ApiPathParameter('id', PractitionerIdSchema)
  @ApiOkResponse({ description: 'The profile', schema: profile })
  @ApiProblems(400, 404)
  async one(@Param('id', practitionerId) id: string): Promise<PractitionerSnapshot> {
    const practitioner = await this.profiles.find(id);
    if (!practitioner) throw PractitionerErrors.notFound(id);
    return toPractitionerSnapshot(practitioner);
  }
}
