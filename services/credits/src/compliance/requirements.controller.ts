import { ApiPathParameter, ApiProblems, RequireRoles, ZodValidationPipe } from '@cme/platform';
import { type RuleVersion } from '@cme/requirements';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { ComplianceErrors } from './compliance.errors';
import { ComplianceEvaluator } from './compliance-evaluator';

const RequirementIdSchema = z.string().min(1).max(100);

/** One requirement as a practitioner checks it against its source: every version, with its dates and sources. */
interface RequirementDefinition {
  id: string;
  name: string;
  pack: string;
  authority: string;
  packVersion: string;
  versions: RuleVersion[];
}

@ApiTags('requirements')
@Controller('v1/requirements')
export class RequirementsController {
  private readonly definitions: RequirementDefinition[];

  constructor(evaluator: ComplianceEvaluator) {
    const byId = new Map<string, RequirementDefinition>();
    for (const pack of evaluator.packs.packs) {
      for (const rule of pack.rules) {
        const definition = byId.get(rule.id) ?? {
          id: rule.id,
          name: rule.name,
          pack: pack.pack,
          authority: pack.authority,
          packVersion: pack.version,
          versions: [],
        };
        definition.versions.push(rule);
        byId.set(rule.id, definition);
      }
    }
    this.definitions = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  @Get()
  @RequireRoles('practitioner', 'staff', 'admin')
  @ApiOperation({
    summary:
      'Every requirement of the rule packs, with sources, effective dates, versions and verified flags',
  })
  @ApiOkResponse({ description: '{ items }: each requirement with every version of its rule' })
  list(): { items: RequirementDefinition[] } {
    return { items: this.definitions };
  }

  @Get(':id')
  @RequireRoles('practitioner', 'staff', 'admin')
  @ApiOperation({ summary: 'One requirement, every version of it' })
  @ApiPathParameter('id', RequirementIdSchema)
  @ApiOkResponse({ description: 'The requirement' })
  @ApiProblems(400, 404)
  one(@Param('id', new ZodValidationPipe(RequirementIdSchema, 'params')) id: string): RequirementDefinition {
    const definition = this.definitions.find((candidate) => candidate.id === id);
    if (!definition) throw ComplianceErrors.requirementNotFound(id);
    return definition;
  }
}
