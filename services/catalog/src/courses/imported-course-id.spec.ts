import { CourseIdSchema } from './course.dto';
import { importedCourseId } from './imported-course-id';

describe('imported course ids', () => {
  it('gives one external id always the same version-5 UUID, and different ids different UUIDs', () => {
    const id = importedCourseId('feed-42');
    expect(importedCourseId('feed-42')).toBe(id);
    expect(importedCourseId('feed-43')).not.toBe(id);
    expect(id).toMatch(/^[\da-f]{8}-[\da-f]{4}-5[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/);
    expect(CourseIdSchema.safeParse(id).success).toBe(true);
  });
});
