import { operationsOf, type ServiceConfig, type ServiceDefinition, UNLIMITED_ROUTES } from '@cme/platform';
import { type OpenAPIObject, type ReferenceObject, type ResponseObject } from '@nestjs/swagger';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import request from 'supertest';
import { type z } from 'zod';

import { startTestService, type TestService } from './service-harness';

/** A JSON pointer's escaping of one reference token (RFC 6901). */
const pointerToken = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Probes and the scrape are public and never rate-limited, and take no input: no client error is theirs to
 * answer (a /metrics token, when set, gives /metrics its 401), so they are the one exception to
 * Redocly's `operation-4xx-response`.
 */
const PROBE_POINTERS = [...UNLIMITED_ROUTES].map((path) => `#/paths/${pointerToken(path)}/`);
const isProbeWithout4xx = (ruleId: string, pointer: string) =>
  ruleId === 'operation-4xx-response' && PROBE_POINTERS.some((probe) => pointer.startsWith(probe));

/** Redocly's recommended ruleset on a document: each error and warning as one readable line. */
async function lint(document: OpenAPIObject): Promise<string[]> {
  const problems = await lintFromString({
    source: JSON.stringify(document, null, 2),
    absoluteRef: 'docs-json.json',
    config: await createConfig({ extends: ['recommended'] }),
  });
  return problems.flatMap(({ ruleId, severity, message, location: [where] }) =>
    isProbeWithout4xx(ruleId, where?.pointer ?? '')
      ? []
      : [`${severity} ${ruleId} at ${where?.pointer ?? '(document)'}: ${message}`],
  );
}

/** Every operation of the document, named `METHOD /path`. */
const operations = (document: OpenAPIObject) =>
  operationsOf(document).map(({ path, method, operation }) => ({
    name: `${method.toUpperCase()} ${path}`,
    operation,
  }));

/**
 * Generates the checks of a service's published OpenAPI document, fetched from the real service: it
 * declares OpenAPI 3.1.0, passes Redocly's recommended ruleset without an error or a warning, and every
 * operation has a summary, an operationId and the problem responses of its route.
 */
export function describeOpenApiDocument<Schema extends z.ZodType<ServiceConfig>>(
  definition: ServiceDefinition<Schema>,
): void {
  describe(`${definition.name} OpenAPI document (GET /docs-json of the real service)`, () => {
    let service: TestService;
    let document: OpenAPIObject;

    beforeAll(async () => {
      // As production runs it: a /metrics token (required there) documents its own security scheme.
      service = await startTestService(definition, {
        METRICS_TOKEN: 'metrics-token-for-tests-0123456789abcdef',
      });
      document = (await request(service.url).get('/docs-json').expect(200)).body as OpenAPIObject;
    });

    afterAll(() => service?.close());

    it('declares OpenAPI 3.1.0', () => {
      expect(document.openapi).toBe('3.1.0');
    });

    it("passes Redocly's recommended rules without an error or a warning", async () => {
      expect(await lint(document)).toEqual([]);
    });

    it('gives every operation a summary and an operationId', () => {
      const lacking = operations(document)
        .filter(({ operation }) => !operation.summary?.trim() || !operation.operationId)
        .map(({ name }) => name);
      expect(lacking).toEqual([]);
    });

    it('documents a client error on every operation but the probes', () => {
      const probes = new Set([...UNLIMITED_ROUTES].map((path) => `GET ${path}`));
      const without4xx = operations(document)
        .filter(({ name }) => !probes.has(name))
        .filter(({ operation }) => !Object.keys(operation.responses).some((status) => status.startsWith('4')))
        .map(({ name }) => name);
      expect(without4xx).toEqual([]);
    });

    it('answers every error with the one Problem schema, as application/problem+json', () => {
      const isProblemResponse = (response?: ResponseObject | ReferenceObject) =>
        response !== undefined && '$ref' in response && response.$ref.startsWith('#/components/responses/');
      const otherErrors = operations(document).flatMap(({ name, operation }) =>
        Object.entries(operation.responses)
          .filter(([status, response]) => Number(status) >= 400 && !isProblemResponse(response))
          .map(([status]) => `${name} ${status}`),
      );
      expect(otherErrors).toEqual([]);
      for (const response of Object.values(document.components?.responses ?? {})) {
        expect(response).toMatchObject({
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        });
      }
      expect(document.components?.schemas?.Problem).toMatchObject({
        required: ['type', 'title', 'status', 'detail'],
        properties: { code: { type: 'string' }, errors: { type: 'array' } },
      });
    });
  });
}
