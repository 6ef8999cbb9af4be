import { asCaller } from '@cme/local-runtime';
import { type ServiceConfig, type ServiceDefinition } from '@cme/platform';
import { type OpenAPIObject, type PathItemObject } from '@nestjs/swagger';
import request from 'supertest';
import { type z } from 'zod';

import { REFUSED_TOKENS, type RefusedToken } from './refused-tokens';
import { startTestService, type TestService, uniqueSuffix } from './service-harness';

/** Callers holding a valid token; the table says what each of them gets on each route. */
export const VALID_CALLERS = ['practitionerSelf', 'otherPractitioner', 'staff', 'admin'] as const;
export type ValidCaller = (typeof VALID_CALLERS)[number];
/** Every kind of caller each route is tried with: no token, each refused token, each valid caller. */
export const CALLER_KINDS = [
  'none',
  ...(Object.keys(REFUSED_TOKENS) as RefusedToken[]),
  ...VALID_CALLERS,
] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

/** The request a case sends; `path` defaults to the route itself (routes without parameters). */
export interface MatrixRequest {
  path?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface MatrixContext<Fixtures> {
  fixtures: Fixtures;
  /** The practitioner that `me` data and `/{id}` paths belong to: `practitionerSelf`'s id. */
  self: string;
  /** `otherPractitioner`'s id. */
  other: string;
  kind: CallerKind;
}

export type RouteRule<Fixtures> = {
  /** Builds the request, once per case, so that each case has data of its own (a fresh draft, …). */
  request?: (context: MatrixContext<Fixtures>) => MatrixRequest | Promise<MatrixRequest>;
} & (
  | { /** A public route: every caller, with a token or not, gets this. */ everyone: number }
  | {
      /** Each valid caller's status; no token and refused tokens get 401. */ callers: Record<
        ValidCaller,
        number
      >;
    }
);

/** Staff and admins get `status`; practitioners 403. */
export const staffOnly = (status: number): Record<ValidCaller, number> => ({
  practitionerSelf: 403,
  otherPractitioner: 403,
  staff: status,
  admin: status,
});

/** Any valid caller gets `status`. */
export const everyCaller = (status: number): Record<ValidCaller, number> => ({
  practitionerSelf: status,
  otherPractitioner: status,
  staff: status,
  admin: status,
});

/** Routes keyed `METHOD /path/:param`, exactly as Fastify registers them. */
export type AuthorizationTable<Fixtures> = Record<string, RouteRule<Fixtures>>;

/** What every service serves besides its own API (docs are on in tests). */
export const PLATFORM_ROUTES: AuthorizationTable<unknown> = {
  'GET /health/live': { everyone: 200 },
  'GET /health/ready': { everyone: 200 },
  'GET /metrics': { everyone: 200 },
  'GET /docs': { everyone: 200 },
  'GET /docs/': { everyone: 200 },
  'GET /docs/index.html': { everyone: 200 },
  // @nestjs/swagger registers it to answer 404 on purpose (swagger-ui-dist's LICENSE is not served).
  'GET /docs/LICENSE': { everyone: 404 },
  'GET /docs/swagger-ui-init.js': { everyone: 200 },
  'GET /docs/docs/swagger-ui-init.js': { everyone: 200 },
  'GET /docs/*': { everyone: 200, request: () => ({ path: '/docs/swagger-ui.css' }) },
  'GET /docs-json': { everyone: 200 },
  'GET /docs-yaml': { everyone: 200 },
  // CORS preflights carry no credentials (browsers never send them on OPTIONS).
  'OPTIONS *': {
    everyone: 204,
    request: () => ({
      path: '/v1/anything',
      headers: { origin: MATRIX_ORIGIN, 'access-control-request-method': 'POST' },
    }),
  },
};

const MATRIX_ORIGIN = 'https://portal.example.org';

function headersFor(kind: CallerKind, self: string, other: string): Record<string, string> {
  switch (kind) {
    case 'none':
      return {};
    case 'practitionerSelf':
      return asCaller(self, ['practitioner']);
    case 'otherPractitioner':
      return asCaller(other, ['practitioner']);
    case 'staff':
      return asCaller(`staff-${uniqueSuffix()}`, ['staff']);
    case 'admin':
      return asCaller(`admin-${uniqueSuffix()}`, ['admin']);
    default:
      return { authorization: `Bearer ${REFUSED_TOKENS[kind](self)}` };
  }
}

function expectedStatus(rule: RouteRule<unknown>, kind: CallerKind): number {
  if ('everyone' in rule) return rule.everyone;
  return (VALID_CALLERS as readonly string[]).includes(kind) ? rule.callers[kind as ValidCaller] : 401;
}

/** The statuses /docs-json documents for a route (`GET /v1/courses/:id`); none for routes it leaves out (docs). */
function documentedStatuses(document: OpenAPIObject, route: string): string[] | undefined {
  const [method, url] = route.split(' ');
  const item: PathItemObject | undefined = document.paths[url.replace(/:(\w+)/g, '{$1}')];
  const operation = item?.[method.toLowerCase() as 'get'];
  return operation && Object.keys(operation.responses);
}

/**
 * Generates the authorization matrix of a service: every route of `table` × every caller kind → its
 * status, against the real service. A route the service registers that the table lacks (or a row for a
 * route that no longer exists) fails the suite, so a new route cannot go without an authorization rule;
 * so does a status its OpenAPI operation does not document, so the document cannot hide one.
 */
export function describeAuthorizationMatrix<Schema extends z.ZodType<ServiceConfig>, Fixtures>(
  definition: ServiceDefinition<Schema>,
  // Before the table: the fixtures' type comes from the factory and types the table's callbacks.
  fixtures: (service: TestService) => Fixtures,
  table: AuthorizationTable<NoInfer<Fixtures>>,
  /** `env`: settings of the service under test (a part tested on its own switched off, say). */
  options: { env?: Record<string, string> } = {},
): void {
  const rows = { ...PLATFORM_ROUTES, ...table } as AuthorizationTable<Fixtures>;

  describe(`${definition.name} authorization matrix (real service, tokens of the local issuer)`, () => {
    let service: TestService;
    let context: Omit<MatrixContext<Fixtures>, 'kind'>;

    beforeAll(async () => {
      service = await startTestService(definition, { CORS_ORIGINS: MATRIX_ORIGIN, ...options.env });
      const suffix = uniqueSuffix();
      context = { fixtures: fixtures(service), self: `practitioner-${suffix}`, other: `other-${suffix}` };
    });

    afterAll(() => service?.close());

    it('has a row for every route the service registers, and none for routes it does not', () => {
      const registered = new Set(service.routes);
      expect(service.routes.filter((route) => !(route in rows))).toEqual([]);
      expect(Object.keys(rows).filter((route) => !registered.has(route))).toEqual([]);
    });

    it('finds each status of the table among the responses /docs-json documents for its route', async () => {
      const document = (await request(service.url).get('/docs-json').expect(200)).body as OpenAPIObject;
      const undocumented = Object.entries(rows).flatMap(([route, rule]) => {
        const documented = documentedStatuses(document, route);
        if (!documented) return [];
        const expected = new Set(
          CALLER_KINDS.map((kind) => expectedStatus(rule as RouteRule<unknown>, kind)),
        );
        return [...expected]
          .filter((status) => !documented.includes(String(status)))
          .map((status) => `${route} → ${status}`);
      });
      expect(undocumented).toEqual([]);
    });

    describe.each(Object.entries(rows))('%s', (route, rule) => {
      it.each(CALLER_KINDS.map((kind) => [kind, expectedStatus(rule as RouteRule<unknown>, kind)] as const))(
        '%s → %i',
        async (kind, status) => {
          const [method, pattern] = route.split(' ');
          const spec = (await rule.request?.({ ...context, kind })) ?? {};
          const headers = { ...headersFor(kind, context.self, context.other), ...spec.headers };
          let call = request(service.url)
            [method.toLowerCase() as 'get'](spec.path ?? pattern)
            .set(headers);
          if (spec.body !== undefined) call = call.send(spec.body as object);
          const response = await call;
          expect({ status: response.status, body: response.body as unknown }).toEqual(
            expect.objectContaining({ status }),
          );
        },
      );
    });
  });
}
