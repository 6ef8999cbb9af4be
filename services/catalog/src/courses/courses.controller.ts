import { CourseSnapshotSchema, type CourseSnapshot } from '@cme/contracts';
import {
  ApiPathParameter,
  ApiProblems,
  ApiQueryParameters,
  type Caller,
  CurrentCaller,
  jsonSchemaOf,
  RequireRoles,
  ZodValidationPipe,
} from '@cme/platform';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
const course = jsonSchemaOf(CourseSnapshotSchema, 'output');
const coursePage = jsonSchemaOf(
  z.object({ items: z.array(CourseSnapshotSchema), nextCursor: z.string().nullable() }),
  'output',
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
  @ApiBody({ schema: jsonSchemaOf(CourseContentSchema) })
  @ApiCreatedResponse({ description: 'The draft', schema: course })
  @ApiProblems(400)
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
  @ApiQueryParameters(CourseSearchSchema)
  @ApiOkResponse({ description: 'A page of courses', schema: coursePage })
  @ApiProblems(400, 403, 503)
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
  @ApiPathParameter('id', CourseIdSchema)
  @ApiOkResponse({ description: 'The course', schema: course })
  @ApiProblems(400, 404)
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
  @ApiPathParameter('id', CourseIdSchema)
  @ApiBody({ schema: jsonSchemaOf(CoursePatchSchema) })
  @ApiOkResponse({ description: 'The course as changed', schema: course })
  @ApiProblems(400, 404, 409)
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
  @ApiPathParameter('id', CourseIdSchema)
  @ApiOkResponse({ description: 'The published course', schema: course })
  @ApiProblems(400, 404, 409)
  publish(@Param('id', courseId) id: string): Promise<CourseSnapshot> {
    return this.lifecycle.publish(id);
  }

  @Post(':id/retire')
  @HttpCode(200)
  @RequireRoles('staff', 'admin')
  @ApiOperation({ summary: 'Retire a published course from the catalog' })
  @ApiPathParameter('id', CourseIdSchema)
  @ApiOkResponse({ description: 'The retired course', schema: course })
  @ApiProblems(400, 404, 409)
  retire(@Param('id', courseId) id: string): Promise<CourseSnapshot> {
    return this.lifecycle.retire(id);
  }
}
