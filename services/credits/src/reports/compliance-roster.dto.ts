import { calendarDateSchema, STATUSES } from '@cme/requirements';
import { z } from 'zod';

import { jurisdictionSchema } from '../practitioners/practitioner.dto';

/** Practitioner ids are the `sub` of a token: opaque, but never this long. */
const MAX_ID_LENGTH = 200;

/** An opaque cursor: base64url of the last practitioner id of a page (the roster is in id order). */
export function encodeRosterCursor(practitionerId: string): string {
  return Buffer.from(JSON.stringify([practitionerId])).toString('base64url');
}

/** The practitioner id a cursor of {@link encodeRosterCursor} stands for; `undefined` for any other string. */
function decodeRosterCursor(cursor: string): string | undefined {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(position) && position.length === 1 && typeof position[0] === 'string') {
      return position[0];
    }
  } catch {
    // any string this service did not issue is refused below
  }
  return undefined;
}

/** The roster's filters and paging, each documented as a query parameter. */
export const RosterQueryShape = {
  /** Practitioners with a requirement in this status (with `requirement` and `deadlineBefore`: that one). */
  status: z.enum(STATUSES).optional(),
  /** A requirement id of the rule packs (`GET /v1/requirements`). */
  requirement: z.string().max(100).optional(),
  /** A requirement due before this date (exclusive). */
  deadlineBefore: calendarDateSchema.optional(),
  /** Practitioners licensed in this state. */
  state: jurisdictionSchema.optional(),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(400).optional(),
};

/**
 * The query of `GET /v1/reports/compliance`: a requirement must be one the rule packs define (a misspelt id
 * would otherwise read as "nobody"); the cursor must be one a previous page issued; `limit` and `cursor` page
 * the JSON roster, while the CSV is the whole roster (refused with them, rather than silently ignored).
 */
export function rosterQuerySchema(requirementIds: ReadonlySet<string>) {
  return z
    .object(RosterQueryShape)
    .strict()
    .transform((query, context) => {
      if (query.requirement !== undefined && !requirementIds.has(query.requirement)) {
        context.addIssue({
          code: 'custom',
          path: ['requirement'],
          message: 'no rule pack defines this requirement (see GET /v1/requirements)',
        });
      }
      const after = query.cursor === undefined ? undefined : decodeRosterCursor(query.cursor);
      if (query.cursor !== undefined && (after === undefined || after.length > MAX_ID_LENGTH)) {
        context.addIssue({
          code: 'custom',
          path: ['cursor'],
          message: 'use the nextCursor of a previous page',
        });
      }
      if (query.format === 'csv') {
        for (const field of ['limit', 'cursor'] as const) {
          if (query[field] !== undefined) {
            context.addIssue({
              code: 'custom',
              path: [field],
              message: 'not used with format=csv, which exports the whole roster',
            });
          }
        }
      }
      const { format, limit, cursor: _cursor, ...filter } = query;
      return { filter, format, limit: limit ?? 20, ...(after !== undefined && { after }) };
    });
}

export type RosterQuery = z.output<ReturnType<typeof rosterQuerySchema>>;
