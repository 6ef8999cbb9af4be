import {
  asStaff,
  describeAuthorizationMatrix,
  everyCaller,
  staffOnly,
  type TestService,
  uniqueSuffix,
} from '@cme/testing';
import request from 'supertest';

import { catalogService } from '../src/catalog.module';
import { sampleCourse as course } from './sample-course';

/** Fresh courses for each case, made by staff through the API. */
class CatalogFixtures {
  constructor(private readonly service: TestService) {}

  async draft(): Promise<string> {
    const created = await request(this.service.url)
      .post('/v1/courses')
      .set(asStaff())
      .send(course)
      .expect(201);
    return created.body.id as string;
  }

  async published(): Promise<string> {
    const id = await this.draft();
    await request(this.service.url).post(`/v1/courses/${id}/publish`).set(asStaff()).expect(200);
    return id;
  }
}

// Every route of the catalog × every kind of caller. A new route fails the suite until it has a row here.
describeAuthorizationMatrix(catalogService, (service) => new CatalogFixtures(service), {
  'POST /v1/courses': { callers: staffOnly(201), request: () => ({ body: course }) },
  'GET /v1/courses': { callers: everyCaller(200) },
  'GET /v1/courses/:id': {
    callers: everyCaller(200),
    request: async ({ fixtures }) => ({ path: `/v1/courses/${await fixtures.published()}` }),
  },
  'PATCH /v1/courses/:id': {
    callers: staffOnly(200),
    request: async ({ fixtures }) => ({
      path: `/v1/courses/${await fixtures.draft()}`,
      body: { title: 'Safe opioid prescribing, revised' },
    }),
  },
  'POST /v1/courses/:id/publish': {
    callers: staffOnly(200),
    request: async ({ fixtures }) => ({ path: `/v1/courses/${await fixtures.draft()}/publish` }),
  },
  'POST /v1/courses/:id/retire': {
    callers: staffOnly(200),
    request: async ({ fixtures }) => ({ path: `/v1/courses/${await fixtures.published()}/retire` }),
  },
  'POST /v1/course-imports': {
    callers: staffOnly(200),
    request: () => ({ body: [{ externalId: `matrix-${uniqueSuffix()}`, ...course }] }),
  },
  'GET /v1/topics': { callers: everyCaller(200) },
  'GET /v1/credit-types': { callers: everyCaller(200) },
  'GET /v1/approvals': { callers: everyCaller(200) },
});
