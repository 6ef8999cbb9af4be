import { type PipeTransform } from '@nestjs/common';
import { type z } from 'zod';

import { AppException, type FieldError } from '../errors/app-exception';

/** `credits[0].amount` style paths, as the API contract promises clients. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message:
      issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
}

/** Parses a request part with a zod schema; strict schemas reject unknown fields instead of storing them. */
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.infer<Schema>> {
  constructor(
    private readonly schema: Schema,
    private readonly part: 'body' | 'query' | 'params' | 'headers' = 'body',
  ) {}

  transform(value: unknown): z.infer<Schema> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw AppException.validation(
      `invalid-${this.part}`,
      `The request ${this.part} is invalid.`,
      fieldErrors(result.error),
    );
  }
}
