import { type ServiceConfig } from '@cme/platform';
import { ServiceUnavailableException } from '@nestjs/common';
import { type Kafka } from 'kafkajs';
import { type Model } from 'mongoose';

import { type CourseDocument } from './course.schema';
import { CourseSearchReadModel } from './course-search-read-model';

describe('course search read model', () => {
  afterEach(() => jest.useRealTimers());

  it('answers 503 instead of hanging when the catalog never finishes loading', async () => {
    jest.useFakeTimers();
    const readModel = new CourseSearchReadModel(
      {} as Kafka,
      {} as Model<CourseDocument>,
      { KAFKA_GROUP_ID: 'cme-catalog' } as ServiceConfig,
    );
    const searching = readModel.search({ status: 'published', limit: 20 });
    jest.advanceTimersByTime(10_000);
    await expect(searching).rejects.toBeInstanceOf(ServiceUnavailableException);
  });
});
