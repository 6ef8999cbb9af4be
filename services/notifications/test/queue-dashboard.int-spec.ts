import {
  asAdmin,
  asPractitioner,
  asStaff,
  REFUSED_TOKENS,
  startTestService,
  type TestService,
  uniqueSuffix,
} from '@cme/testing';
import request from 'supertest';

import { notificationsService } from '../src/notifications.module';
import { DASHBOARD_QUEUES, QUEUE_DASHBOARD_PATH } from '../src/queues/queue-dashboard';
import { deleteQueueKeys } from './reminder-fixtures';

const isDashboardRoute = (route: string) => route.split(' ')[1].startsWith(QUEUE_DASHBOARD_PATH);

/** A concrete path for a route pattern: each parameter and wildcard filled with a name no queue has. */
const pathOf = (route: string) =>
  route.split(' ')[1].replace(/:\w+/g, 'no-such-queue').replace(/\*$/, 'no-such-file');

/**
 * The dashboard's routes are a Fastify plugin's, outside the API's guard, the OpenAPI document and the
 * authorization matrix (which runs the service with the dashboard off): here every one of them is tried
 * without a token and as a practitioner, and the page and its API as staff and admin.
 */
describe('queue dashboard at /admin/queues (real service, Redis, tokens of the local issuer)', () => {
  const prefix = `test-${uniqueSuffix()}`;
  let service: TestService;
  let dashboardRoutes: string[];

  beforeAll(async () => {
    service = await startTestService(notificationsService, { QUEUE_PREFIX: prefix });
    dashboardRoutes = service.routes.filter(isDashboardRoute);
  });

  afterAll(async () => {
    await service?.close();
    await deleteQueueKeys(service.config.REDIS_URL, prefix);
  });

  it('serves its page to staff and admins', async () => {
    for (const caller of [asStaff(), asAdmin()]) {
      const page = await request(service.url).get(QUEUE_DASHBOARD_PATH).set(caller).expect(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.text).toContain(`<base href="${QUEUE_DASHBOARD_PATH}`);
    }
  });

  it('shows staff the service’s queues through its API, with the page’s own scripts', async () => {
    const queues = await request(service.url)
      .get(`${QUEUE_DASHBOARD_PATH}/api/queues`)
      .set(asStaff())
      .expect(200);
    expect((queues.body as { queues: { name: string }[] }).queues.map(({ name }) => name).sort()).toEqual(
      [...DASHBOARD_QUEUES].sort(),
    );
    const page = await request(service.url).get(QUEUE_DASHBOARD_PATH).set(asStaff()).expect(200);
    const script = /src="(static\/js\/main\.\w+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    await request(service.url).get(`${QUEUE_DASHBOARD_PATH}/${script}`).set(asStaff()).expect(200);
  });

  it('answers a practitioner 403 problem+json', async () => {
    const response = await request(service.url)
      .get(QUEUE_DASHBOARD_PATH)
      .set(asPractitioner('p-dashboard'))
      .expect(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 403, code: 'role-missing' });
  });

  it('answers 401 problem+json without a token and to every refused token', async () => {
    const missing = await request(service.url).get(QUEUE_DASHBOARD_PATH).expect(401);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="cme-tracker"');
    for (const [kind, token] of Object.entries(REFUSED_TOKENS)) {
      const refused = await request(service.url)
        .get(QUEUE_DASHBOARD_PATH)
        .set({ authorization: `Bearer ${token('staff-1')}` });
      expect({ kind, status: refused.status }).toEqual({ kind, status: 401 });
    }
  });

  it('guards every one of its routes: 401 without a token, 403 to a practitioner, before any handler', async () => {
    expect(dashboardRoutes.length).toBeGreaterThan(10);
    const answers = await Promise.all(
      dashboardRoutes.map(async (route) => {
        const method = route.split(' ')[0].toLowerCase() as 'get';
        const anonymous = await request(service.url)[method](pathOf(route));
        const practitioner = await request(service.url)
          [method](pathOf(route))
          .set(asPractitioner('p-dashboard'));
        return `${route} → ${anonymous.status}, ${practitioner.status}`;
      }),
    );
    expect(answers).toEqual(dashboardRoutes.map((route) => `${route} → 401, 403`));
  });
});

describe('queue dashboard switched off (QUEUE_DASHBOARD_ENABLED=false, as production by default)', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(notificationsService, {
      QUEUE_PREFIX: `test-${uniqueSuffix()}`,
      QUEUE_DASHBOARD_ENABLED: 'false',
    });
  });

  afterAll(() => service?.close());

  it('registers none of its routes, and /admin/queues answers staff 404', async () => {
    expect(service.routes.filter(isDashboardRoute)).toEqual([]);
    const response = await request(service.url).get(QUEUE_DASHBOARD_PATH).set(asStaff()).expect(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
