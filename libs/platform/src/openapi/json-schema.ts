import { applyDecorators } from '@nestjs/common';
import { ApiParam, ApiQuery, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * The JSON Schema of a zod schema, for the OpenAPI documents: the one place zod schemas are converted.
 * zod emits JSON Schema 2020-12, the dialect of OpenAPI 3.1, so the schema is embedded as it is, less its
 * `$schema` (the document's dialect applies). Requests are documented as clients send them (`input`:
 * fields with defaults are optional), responses as the service answers (`output`). A schema zod cannot
 * represent (a transform's output) throws: the document would otherwise promise `{}`.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io });
  return json as SchemaObject;
}

/** Documents each field of a query-string schema as a query parameter, required unless it may be left out. */
export function ApiQueryParameters(schema: z.ZodObject): MethodDecorator {
  const { properties = {}, required = [] } = jsonSchemaOf(schema);
  return applyDecorators(
    ...Object.entries(properties).map(([name, property]) =>
      ApiQuery({ name, required: required.includes(name), schema: property }),
    ),
  );
}

/** Documents a path parameter by the schema its pipe validates it with. */
export function ApiPathParameter(name: string, schema: z.ZodType): MethodDecorator {
  return ApiParam({ name, schema: jsonSchemaOf(schema) });
}
