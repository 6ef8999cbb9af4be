import { RequireRoles } from '@cme/platform';
import { APPROVAL_VOCABULARY, TOPIC_VOCABULARY } from '@cme/requirements';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CREDIT_TYPE_ENTRIES } from './credit-designation-rules';

/** The controlled vocabularies courses are tagged with; one list for the whole product (@cme/requirements). */
@ApiTags('vocabularies')
@Controller('v1')
export class VocabularyController {
  @Get('topics')
  @RequireRoles('practitioner', 'staff', 'admin')
  @ApiOperation({ summary: 'Topics a course may be tagged with' })
  @ApiOkResponse({ description: 'Each topic: its code and label' })
  topics() {
    return TOPIC_VOCABULARY;
  }

  @Get('credit-types')
  @RequireRoles('practitioner', 'staff', 'admin')
  @ApiOperation({ summary: 'Credit types a course may designate, with the step and maximum of each' })
  @ApiOkResponse({ description: 'Each credit type: its code, label and what a course may designate' })
  creditTypes() {
    return CREDIT_TYPE_ENTRIES;
  }

  @Get('approvals')
  @RequireRoles('practitioner', 'staff', 'admin')
  @ApiOperation({
    summary: 'Approvals a course may carry, for the topic mandates that accept only an approved course',
  })
  @ApiOkResponse({ description: 'Each approval: its code and the board or statute that gives it' })
  approvals() {
    return APPROVAL_VOCABULARY;
  }
}
