import { AppException } from '@cme/platform';

import { type CourseRepository } from './course.repository';
import { CourseSearchReadModel } from './course-search-read-model';

describe('course search read model', () => {
  afterEach(() => jest.useRealTimers());

  it('answers 503 instead of hanging when the catalog never finishes loading', async () => {
    jest.useFakeTimers();
    const readModel = new CourseSearchReadModel({} as CourseRepository);
    const searching = readModel.search({ status: 'published', limit: 20 });
    jest.advanceTimersByTime(10_000);
    await expect(searching).rejects.toMatchObject({ status: 503, code: 'catalog-loading' });
    await expect(searching).rejects.toBeInstanceOf(AppException);
  });
});
