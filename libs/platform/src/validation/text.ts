import { z } from 'zod';

/** C0 and C1 control characters and DEL, but tab, line feed and carriage return (allowed in long text). */
const CONTROL_IN_PARAGRAPHS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Every control character: a title or a name is one line. */
const CONTROL_IN_A_LINE = /[\u0000-\u001F\u007F-\u009F]/;
/** A UTF-16 surrogate without its partner (`String.prototype.isWellFormed`, which ES2023 typings lack). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface TextOptions {
  min?: number;
  max: number;
  /** Allows tabs and line breaks (a summary, a note); a title or a name is one line. */
  multiline?: boolean;
}

/**
 * A free-text field as the API accepts it: trimmed, within its length, without control characters (NUL, BEL,
 * ESC, …: they break CSV exports, terminals and PDF text), and well-formed Unicode — a lone UTF-16 surrogate,
 * which JSON lets through, would be stored as something other than what the client sent.
 */
export function text({ min = 1, max, multiline = false }: TextOptions) {
  const control = multiline ? CONTROL_IN_PARAGRAPHS : CONTROL_IN_A_LINE;
  return z
    .string()
    .refine(
      (value) => !LONE_SURROGATE.test(value),
      'must be valid Unicode text (it holds an unpaired surrogate)',
    )
    .refine(
      (value) => !control.test(value),
      multiline
        ? 'must not contain control characters such as NUL, BEL or ESC'
        : 'must be one line without control characters such as NUL, BEL, ESC or a line break',
    )
    .transform((value) => value.trim())
    .pipe(z.string().min(min).max(max));
}

/**
 * Text a client named but did not write for us to validate (a file's name on their computer), made safe to show
 * back: control characters and lone surrogates dropped, trimmed, cut at `max`.
 */
export function displayableText(value: string, max: number): string {
  return value
    .replace(new RegExp(CONTROL_IN_A_LINE.source, 'g'), '')
    .replace(new RegExp(LONE_SURROGATE.source, 'g'), '')
    .trim()
    .slice(0, max);
}
