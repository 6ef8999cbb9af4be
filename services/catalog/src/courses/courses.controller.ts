import { type CourseSnapshot } from '@cme/contracts';
import { RequireRoles, ZodValidationPipe } from '@cme/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { CourseIdSchema, type CreateCourse, CreateCourseSchema } from './course.dto';
import { CoursesService } from './courses.service';

const courseId = new ZodValidationPipe(CourseIdSchema, 'params');

@ApiTags('courses')
@Controller('v1/courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Post()
  @RequireRoles('staff', 'admin')
  @ApiOperation({ summary: 'Create a draft course' })
  @ApiBody({ schema: z.toJSONSchema(CreateCourseSchema, { io: 'input' }) as object })
  create(@Body(new ZodValidationPipe(CreateCourseSchema)) body: CreateCourse): Promise<CourseSnapshot> {
    return this.courses.create(body);
  }

  @Get(':id')
  @RequireRoles('practitioner', 'staff', 'admin')
  @ApiOperation({ summary: 'A course by id' })
  get(@Param('id', courseId) id: string): Promise<CourseSnapshot> {
    return this.courses.get(id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @RequireRoles('staff', 'admin')
  @ApiOperation({ summary: 'Publish a draft course into the catalog' })
  publish(@Param('id', courseId) id: string): Promise<CourseSnapshot> {
    return this.courses.publish(id);
  }
}
