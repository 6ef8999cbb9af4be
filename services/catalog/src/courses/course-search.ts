import { ProblemException } from '@cme/platform';
import { type QueryFilter } from 'mongoose';

import { type CourseDocument } from './course.schema';
import { type CourseSearch } from './course.dto';
import { queryKeywords } from './course-keywords';

/** Newest first; `_id` breaks ties, so the order is total and a cursor never skips or repeats a course. */
export const SEARCH_SORT = { createdAt: -1, _id: -1 } as const;

interface CursorPosition {
  createdAt: Date;
  id: string;
}

/** An opaque cursor: base64url of the last item's sort key and id. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

function decodeCursor(cursor: string): CursorPosition {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(createdAt as string);
    if (typeof createdAt === 'string' && typeof id === 'string' && !Number.isNaN(date.getTime())) {
      return { createdAt: date, id };
    }
  } catch {
    // reported below, like any other cursor this service did not issue
  }
  throw ProblemException.badRequest('The cursor is invalid.', [
    { path: 'cursor', message: 'use the nextCursor of a previous page' },
  ]);
}

/**
 * The database query of a search: every filter is an equality on an indexed field (the multikey ones match
 * any element), `q` becomes `$all` over the keyword index, the cursor a keyset condition on the sort key.
 * The service and the benchmark's raw-driver baseline both run exactly this.
 */
export function courseSearchQuery(search: CourseSearch & { status: CourseDocument['status'] }): {
  filter: QueryFilter<CourseDocument>;
  sort: typeof SEARCH_SORT;
  limit: number;
} {
  const filter: QueryFilter<CourseDocument> = { status: search.status };
  const keywords = search.q === undefined ? [] : queryKeywords(search.q);
  if (keywords.length > 0) filter.keywords = { $all: keywords };
  if (search.topic) filter.topics = search.topic;
  if (search.creditType) filter['credits.type'] = search.creditType;
  if (search.format) filter.format = search.format;
  if (search.profession) filter.professions = search.profession;
  if (search.availableOn) {
    filter.availableFrom = { $lte: search.availableOn };
    filter.availableTo = { $gte: search.availableOn };
  }
  if (search.cursor) {
    const after = decodeCursor(search.cursor);
    filter.$or = [
      { createdAt: { $lt: after.createdAt } },
      { createdAt: after.createdAt, _id: { $lt: after.id } },
    ];
  }
  // One more than a page tells whether another page follows.
  return { filter, sort: SEARCH_SORT, limit: search.limit + 1 };
}
