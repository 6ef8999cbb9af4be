import { type FieldError } from '../../api/api-client';

/** The API's messages start with a verb ("must be …") to follow the field's name; under a field they stand alone. */
const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/** Each path's message (several for one path joined), ready to show under its field. */
export function errorsByPath(errors: readonly FieldError[]): Map<string, string> {
  const byPath = new Map<string, string>();
  for (const { path, message } of errors) {
    const previous = byPath.get(path);
    byPath.set(path, previous ? `${previous} ${sentence(message)}` : sentence(message));
  }
  return byPath;
}

/** `licenses[0].issuedOn` as a person reads it: "Licenses 1, issuedOn"; '' (the whole body) as "The form". */
export function describePath(path: string): string {
  if (path === '') return 'The form';
  return path
    .replace(/\[(\d+)\]/g, (_, index: string) => ` ${Number(index) + 1}`)
    .split('.')
    .map((part, index) => (index === 0 ? part.charAt(0).toUpperCase() + part.slice(1) : part))
    .join(', ');
}

/**
 * The messages no field on screen shows (a field the form does not edit, the body as a whole), each saying
 * where it belongs: shown together above the save button, so that no message of the API is lost.
 */
export function unplacedErrors(
  byPath: ReadonlyMap<string, string>,
  shownPaths: ReadonlySet<string>,
): string[] {
  return [...byPath]
    .filter(([path]) => !shownPaths.has(path))
    .map(([path, message]) => `${describePath(path)}: ${message}`);
}
