import { type QueryFilter } from 'mongoose';

import { type CourseDocument } from './course.schema';
import { type CourseSearch } from './course.dto';
import { CourseErrors } from './course.errors';
import { queryKeywords } from './course-keywords';

/**
 * Where a course stands in search order: newest first by its sort key (`publishedAt`; drafts, never
 * published, by `createdAt`), then by id, so the order is total and a cursor never skips or repeats one.
 */
export interface CursorPosition {
  /** ISO 8601 instant. */
  sortKey: string;
  id: string;
}

/** An opaque cursor: base64url of the last item's sort key and id. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sortKey, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [sortKey, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof sortKey === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(sortKey))) {
      return { sortKey: new Date(sortKey).toISOString(), id };
    }
  } catch {
    // reported below, like any other cursor this service did not issue
  }
  throw CourseErrors.cursorInvalid();
}

/** The field courses of a status are ordered by. */
function sortFieldOf(status: CourseDocument['status']): 'createdAt' | 'publishedAt' {
  return status === 'draft' ? 'createdAt' : 'publishedAt';
}

/**
 * The database query of a search: every filter is an equality on an indexed field (the multikey ones match
 * any element), `q` becomes `$all` over the keyword index, the cursor a keyset condition on the sort key.
 * Drafts are searched with it; the benchmark runs it with the raw driver beside the API.
 */
export function courseSearchQuery(search: CourseSearch & { status: CourseDocument['status'] }) {
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
  const field = sortFieldOf(search.status);
  if (search.cursor) {
    const after = decodeCursor(search.cursor);
    const at = new Date(after.sortKey);
    filter.$or = [{ [field]: { $lt: at } }, { [field]: at, _id: { $lt: after.id } }];
  }
  // One more than a page tells whether another page follows.
  return {
    filter,
    sort: { [field]: -1, _id: -1 } as Record<string, 1 | -1>,
    limit: search.limit + 1,
    sortField: field,
  };
}
