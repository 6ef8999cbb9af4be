import { type INestApplication, type Type } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import {
  DocumentBuilder,
  type OpenAPIObject,
  type OperationObject,
  type PathItemObject,
  SwaggerModule,
} from '@nestjs/swagger';

import { type ServiceSettings } from '../config/service-settings';
import { ProblemSchema } from '../errors/problem-json';
import { UNLIMITED_ROUTES } from '../http/http-hardening';
import { PUBLIC_KEY, ROLES_KEY, SELF_PARAM_KEY } from '../identity/caller';
import { MetricsController } from '../metrics/metrics.controller';
import { PROBLEMS_KEY, problemResponse, problemResponseName, type ProblemStatus } from './api-problems';
import { jsonSchemaOf } from './json-schema';

const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Every operation of a document, with its path and (lower-case) method. */
export function operationsOf(
  document: OpenAPIObject,
): { path: string; method: (typeof OPERATION_METHODS)[number]; operation: OperationObject }[] {
  return Object.entries(document.paths as Record<string, PathItemObject>).flatMap(([path, item]) =>
    OPERATION_METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );
}

/** Who may call a route, as IdentityGuard (and, for /metrics, the hardening hook) decides it. */
type Access = 'public' | 'metrics token' | 'token' | 'token and role';

/** What the decorators of one route handler say about it. */
interface RouteFacts {
  controller: Type;
  isPublic: boolean;
  /** `RequireRoles` or `SelfOrStaff`: a valid token may still be refused. */
  guarded: boolean;
  declared: ProblemStatus[];
}

/** `CoursesController.publish` → `coursesPublish`: unique per document, and what a client generator calls it. */
function operationIdOf(controllerKey: string, methodKey: string): string {
  const resource = controllerKey.replace(/Controller$/, '');
  return `${resource[0].toLowerCase()}${resource.slice(1)}${methodKey[0].toUpperCase()}${methodKey.slice(1)}`;
}

/** Every method of every controller, by the operationId its route gets, with what its metadata says. */
function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type;
      for (const method of scanner.getAllMethodNames(controller.prototype)) {
        // Read as IdentityGuard reads them: the handler's, else its controller's.
        const targets = [controller.prototype[method] as () => unknown, controller];
        facts.set(operationIdOf(controller.name, method), {
          controller,
          isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false,
          guarded:
            reflector.getAllAndOverride(ROLES_KEY, targets) !== undefined ||
            reflector.getAllAndOverride(SELF_PARAM_KEY, targets) !== undefined,
          declared: reflector.getAllAndMerge<ProblemStatus[]>(PROBLEMS_KEY, targets),
        });
      }
    }
  }
  return facts;
}

function accessOf(route: RouteFacts, metrics: ServiceSettings['http']['metrics']): Access {
  if (route.controller === MetricsController && metrics.token) return 'metrics token';
  if (route.isPublic) return 'public';
  return route.guarded ? 'token and role' : 'token';
}

/**
 * The problems the platform answers on a route before (or around) its handler, so that no route has to
 * list them: IdentityGuard's 401, 403 and 503 (token keys unreadable), the /metrics token's 401, the rate
 * limits' 429, the body parsers' 400, 413 and 415, and the 500 any fault becomes.
 */
function platformProblems(method: string, path: string, access: Access): ProblemStatus[] {
  const problems: ProblemStatus[] = [500];
  if (access !== 'public') problems.push(401);
  if (access === 'token' || access === 'token and role') problems.push(503);
  if (access === 'token and role') problems.push(403);
  if (!UNLIMITED_ROUTES.has(path)) problems.push(429);
  // Fastify parses a body on every method but GET and HEAD, before any route code runs.
  if (method !== 'get' && method !== 'head') problems.push(400, 413, 415);
  return problems;
}

/** Security requirements where they differ from the document's (a bearer token). */
const SECURITY: Partial<Record<Access, OperationObject['security']>> = {
  public: [],
  'metrics token': [{ metricsToken: [] }],
};

/**
 * The OpenAPI 3.1 document of a service: zod's JSON Schema 2020-12 is 3.1's own dialect. Every operation
 * gets the problem responses of its route — the ones it declares (`ApiProblems`) and the platform's — as
 * references to one response per status, each an `application/problem+json` Problem.
 */
export function createOpenApiDocument(
  app: INestApplication,
  service: { name: string; description: string },
  metrics: ServiceSettings['http']['metrics'],
): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(`CME tracker — ${service.name}`)
    .setDescription(service.description)
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'The origin that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer');
  if (metrics.token) {
    builder.addSecurity('metricsToken', { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' });
  }
  const document = SwaggerModule.createDocument(app, builder.build(), { operationIdFactory: operationIdOf });

  const facts = routeFacts(app);
  const used = new Set<ProblemStatus>();
  for (const { path, method, operation } of operationsOf(document)) {
    const route = facts.get(operation.operationId ?? '');
    if (!route) throw new Error(`OpenAPI: no route handler has the operationId ${operation.operationId}`);
    const access = accessOf(route, metrics);
    if (SECURITY[access]) operation.security = SECURITY[access];
    const statuses = new Set([...route.declared, ...platformProblems(method, path, access)]);
    for (const status of statuses) {
      operation.responses[status] = { $ref: `#/components/responses/${problemResponseName(status)}` };
      used.add(status);
    }
  }
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: jsonSchemaOf(ProblemSchema, 'output') },
    responses: Object.fromEntries(
      [...used].sort((a, b) => a - b).map((status) => [problemResponseName(status), problemResponse(status)]),
    ),
  };
  return document;
}
