import { type CourseSnapshot } from '@cme/contracts';

import { type CourseSearch } from './course.dto';
import { courseSearchFields } from './course.schema';
import { queryKeywords } from './course-keywords';
import { decodeCursor, encodeCursor } from './course-search';

interface IndexedCourse {
  snapshot: CourseSnapshot;
  /** Sort key: newest first by `publishedAt`, then by id. */
  publishedAt: string;
  /** Ids of the course's keywords in the index's dictionary, sorted for a binary search. */
  keywordIds: Int32Array;
  creditTypes: string[];
  availableFrom: string;
  availableTo: string;
}

export interface IndexPage {
  items: CourseSnapshot[];
  nextCursor: string | null;
}

/** Orders courses newest first, ties by id descending: the same order as the database query. */
function before(a: { publishedAt: string; id: string }, b: { publishedAt: string; id: string }): boolean {
  return a.publishedAt > b.publishedAt || (a.publishedAt === b.publishedAt && a.id > b.id);
}

function contains(sorted: Int32Array, value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] === value) return true;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/**
 * The published and retired catalog held in memory, searched without the database. The local database
 * (mongo-java-server) uses no non-unique index for reads and answers a search by reading the whole
 * collection (seconds for tens of thousands of courses), so searches are served from here; drafts, seen by staff only, stay in the
 * database. Keywords are interned into one dictionary so each course holds a small array of ids.
 */
export class CourseSearchIndex {
  private readonly byId = new Map<string, IndexedCourse>();
  /** Every indexed course in search order. */
  private readonly ordered: IndexedCourse[] = [];
  private readonly dictionary = new Map<string, number>();

  get size(): number {
    return this.ordered.length;
  }

  /** Takes a snapshot unless the index holds the same or a newer version of the course; drafts are ignored. */
  apply(snapshot: CourseSnapshot): boolean {
    if (snapshot.status === 'draft' || !snapshot.publishedAt) return false;
    const current = this.byId.get(snapshot.id);
    if (current && current.snapshot.version >= snapshot.version) return false;
    const entry = this.entryOf(snapshot);
    this.byId.set(snapshot.id, entry);
    const position = this.positionOf(entry.publishedAt, snapshot.id);
    if (current && current.publishedAt === entry.publishedAt) this.ordered[position] = entry;
    else {
      if (current) this.ordered.splice(this.positionOf(current.publishedAt, snapshot.id), 1);
      this.ordered.splice(this.positionOf(entry.publishedAt, snapshot.id), 0, entry);
    }
    return true;
  }

  /** One page of the courses of `status` that match every filter, continuing after `search.cursor`. */
  search(search: CourseSearch & { status: 'published' | 'retired' }): IndexPage {
    const words = search.q === undefined ? [] : queryKeywords(search.q);
    const wordIds = words.map((word) => this.dictionary.get(word));
    if (wordIds.some((id) => id === undefined)) return { items: [], nextCursor: null };
    const after = search.cursor ? decodeCursor(search.cursor) : undefined;
    const start = after ? this.positionAfter(after.sortKey, after.id) : 0;
    const matches: IndexedCourse[] = [];
    for (let index = start; index < this.ordered.length && matches.length <= search.limit; index++) {
      const entry = this.ordered[index];
      const course = entry.snapshot;
      if (
        course.status === search.status &&
        (!search.topic || course.topics.includes(search.topic)) &&
        (!search.creditType || entry.creditTypes.includes(search.creditType)) &&
        (!search.format || course.format === search.format) &&
        (!search.profession || course.professions.includes(search.profession)) &&
        (!search.availableOn ||
          (entry.availableFrom <= search.availableOn && search.availableOn <= entry.availableTo)) &&
        wordIds.every((id) => contains(entry.keywordIds, id as number))
      ) {
        matches.push(entry);
      }
    }
    const page = matches.slice(0, search.limit);
    const last = page.at(-1);
    return {
      items: page.map((entry) => entry.snapshot),
      nextCursor:
        matches.length > page.length && last
          ? encodeCursor({ sortKey: last.publishedAt, id: last.snapshot.id })
          : null,
    };
  }

  private entryOf(snapshot: CourseSnapshot): IndexedCourse {
    const { keywords, availableFrom, availableTo } = courseSearchFields(snapshot);
    return {
      snapshot,
      publishedAt: snapshot.publishedAt as string,
      keywordIds: Int32Array.from(keywords, (word) => this.wordId(word)).sort(),
      creditTypes: snapshot.credits.map((credit) => credit.type),
      availableFrom,
      availableTo,
    };
  }

  private wordId(word: string): number {
    let id = this.dictionary.get(word);
    if (id === undefined) {
      id = this.dictionary.size;
      this.dictionary.set(word, id);
    }
    return id;
  }

  /** The index at which a course with this sort key is or would be. */
  private positionOf(publishedAt: string, id: string): number {
    let low = 0;
    let high = this.ordered.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const entry = this.ordered[middle];
      if (before({ publishedAt: entry.publishedAt, id: entry.snapshot.id }, { publishedAt, id }))
        low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The first index strictly after the cursor's position. */
  private positionAfter(publishedAt: string, id: string): number {
    const position = this.positionOf(publishedAt, id);
    const entry = this.ordered[position];
    return entry && entry.publishedAt === publishedAt && entry.snapshot.id === id ? position + 1 : position;
  }
}
