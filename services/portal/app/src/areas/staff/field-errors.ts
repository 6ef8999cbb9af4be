import { type FieldError } from '../../api/api-client';

export interface PlacedFieldErrors {
  /** The message to show next to a field of the form, by the field's API path. */
  at: (path: string) => string | undefined;
  /** Errors no field of the form stands for (e.g. the whole body's), to show above the form. */
  unplaced: FieldError[];
}

/** A field error in words, with the field it is about when it names one (`credits: expected …`). */
export function describeFieldError(error: FieldError): string {
  return error.path ? `${error.path}: ${error.message}` : error.message;
}

function isWithin(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
}

/**
 * Puts each error of a 400 problem next to the field of the form its path names: the field itself, else the
 * nearest field that holds it (`topics[2]` → `topics`, `credits[0]` → `credits`).
 */
export function placeFieldErrors(
  errors: readonly FieldError[],
  fields: readonly string[],
): PlacedFieldErrors {
  const byField = new Map<string, string[]>();
  const unplaced: FieldError[] = [];
  for (const error of errors) {
    const field = fields
      .filter((candidate) => isWithin(error.path, candidate))
      .sort((a, b) => b.length - a.length)[0];
    if (field === undefined) unplaced.push(error);
    else byField.set(field, [...(byField.get(field) ?? []), error.message]);
  }
  return { at: (path) => byField.get(path)?.join(' '), unplaced };
}
