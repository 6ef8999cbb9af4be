import { type CourseSnapshot } from '@cme/contracts';
import { type Caller, CurrentCaller, RequireRoles, ZodValidationPipe } from '@cme/platform';
import { applyDecorators, Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import {
  CourseContentSchema,
  CourseIdSchema,
  type CoursePatch,
  CoursePatchSchema,
  type CourseSearch,
  CourseSearchSchema,
} from './course.dto';
import { type Course, type CourseContent, toCourseSnapshot } from './course';
import { CourseAccessPolicy } from './course-access.policy';
import { CourseLifecycleService } from './course-lifecycle.service';
import { CourseSearchService } from './course-search.service';

const courseId = new ZodValidationPipe(CourseIdSchema, 'params');
const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as object;

/** Documents every query parameter of the search from its zod schema. */
const ApiSearchQuery = () =>
  applyDecorators(
    ...Object.entries(CourseSearchSchema.shape).map(([name, schema]) =>
      ApiQuery({ name, required: false, schema: jsonSchema(schema) }),
    ),
  );

@ApiTags('courses')
@Controller('v1/courses')
export class CoursesController {
  constructor(
    private readonly lifecycle: CourseLifecycleService,
    private readonly catalog: CourseSearchService,
  ) {}

  @Post()
  @RequireRoles('staff', 'admin')
  @ApiOperation({ summary: 'Create a draft course' })
  @ApiBody({ schema: jsonSchema(CourseContentSchema) })
  create(@Body(new ZodValidationPipe(CourseContentSchema)) body: CourseContent): Promise<CourseSnapshot> {
    return this.lifecycle.create(body);
  }

  @Get()
  @RequireRoles('practitioner', 'staff', 'admin')
  @ApiOperation({
    summary: 'Search the catalog',
    description:
      'Published courses, newest first; staff may ask for another `status`. `q` is plain text: its words ' +
      '(a word being typed matches titles and providers by prefix) must all occur in the course.',
  })
  @ApiSearchQuery()
  search(
    @Query(new ZodValidationPipe(CourseSearchSchema, 'query')) search: CourseSearch,
    @CurrentCaller() caller: Caller,
  ): Promise<{ items: CourseSnapshot[]; nextCursor: string | null }> {
    const status: Course['status'] = search.status ?? 'published';
    CourseAccessPolicy.assertMayList(caller, status);
    return this.catalog.search({ ...search, status });
  }

  @Get(':id')
  @RequireRoles('practitioner', 'staff', 'admin')
  @ApiOperation({ summary: 'A course by id (drafts to staff only)' })
  async get(@Param('id', courseId) id: string, @CurrentCaller() caller: Caller): Promise<CourseSnapshot> {
    return toCourseSnapshot(CourseAccessPolicy.visible(caller, id, await this.catalog.findById(id)));
  }

  @Patch(':id')
  @RequireRoles('staff', 'admin')
  @ApiOperation({
    summary: 'Change a course',
    description:
      'A published course gets a new version and an update event; `null` removes an optional field.',
  })
  @ApiBody({ schema: jsonSchema(CoursePatchSchema) })
  update(
    @Param('id', courseId) id: string,
    @Body(new ZodValidationPipe(CoursePatchSchema)) patch: CoursePatch,
  ): Promise<CourseSnapshot> {
    return this.lifecycle.update(id, patch);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @RequireRoles('staff', 'admin')
  @ApiOperation({ summary: 'Publish a draft course into the catalog' })
  publish(@Param('id', courseId) id: string): Promise<CourseSnapshot> {
    return this.lifecycle.publish(id);
  }

  @Post(':id/retire')
  @HttpCode(200)
  @RequireRoles('staff', 'admin')
  @ApiOperation({ summary: 'Retire a published course from the catalog' })
  retire(@Param('id', courseId) id: string): Promise<CourseSnapshot> {
    return this.lifecycle.retire(id);
  }
}
