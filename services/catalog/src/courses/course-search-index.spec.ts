import { type CourseSnapshot } from '@cme/contracts';

import { CourseSearchIndex } from './course-search-index';

let sequence = 0;
function course(change: Partial<CourseSnapshot> = {}): CourseSnapshot {
  sequence += 1;
  return {
    id: `c-${String(sequence).padStart(3, '0')}`,
    version: 2,
    status: 'published',
    title: `Course ${sequence}`,
    provider: { name: 'Pain Society', accreditor: 'ACCME' },
    format: 'journal',
    topics: ['ethics'],
    credits: [{ type: 'AMA_PRA_1', amount: 1 }],
    professions: ['physician'],
    publishedAt: new Date(Date.UTC(2026, 0, 1) + sequence * 60_000).toISOString(),
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...change,
  };
}

const published = (change: object = {}) => ({ status: 'published' as const, limit: 20, ...change });

describe('course search index', () => {
  it('keeps the newest version of a course whatever order the snapshots come in, and ignores drafts', () => {
    const index = new CourseSearchIndex();
    const first = course({ title: 'Opioid basics' });
    expect(index.apply({ ...first, version: 3, title: 'Opioid basics, revised' })).toBe(true);
    expect(index.apply(first)).toBe(false);
    expect(index.apply({ ...first, version: 3 })).toBe(false);
    expect(index.apply(course({ status: 'draft', publishedAt: undefined }))).toBe(false);
    expect(index.search(published()).items.map((item) => item.title)).toEqual(['Opioid basics, revised']);
    expect(index.search(published({ q: 'revised' })).items).toHaveLength(1);

    index.apply({ ...first, version: 4, status: 'retired' });
    expect(index.search(published()).items).toEqual([]);
    expect(index.search({ ...published(), status: 'retired' }).items).toHaveLength(1);
  });

  it('filters by words, topic, credit type, profession, format and availability date', () => {
    const index = new CourseSearchIndex();
    const courses = [
      course({
        title: 'Opioid tapering',
        topics: ['opioid-prescribing'],
        format: 'live',
        startsOn: '2026-12-01',
        endsOn: '2026-12-02',
      }),
      course({
        title: 'Naloxone for pharmacists',
        professions: ['pharmacist'],
        credits: [{ type: 'ACPE_CPE', amount: 1 }],
      }),
      course({ title: 'Ethics refresher', summary: 'Consent and capacity.', availableUntil: '2026-06-30' }),
    ];
    courses.forEach((each) => index.apply(each));
    const titles = (search: object) => index.search(published(search)).items.map((item) => item.title);
    expect(titles({})).toEqual(['Ethics refresher', 'Naloxone for pharmacists', 'Opioid tapering']);
    expect(titles({ q: 'opio' })).toEqual(['Opioid tapering']);
    expect(titles({ q: 'consent' })).toEqual(['Ethics refresher']);
    expect(titles({ q: 'unheard' })).toEqual([]);
    expect(titles({ topic: 'opioid-prescribing' })).toEqual(['Opioid tapering']);
    expect(titles({ creditType: 'ACPE_CPE', profession: 'pharmacist' })).toEqual([
      'Naloxone for pharmacists',
    ]);
    expect(titles({ format: 'live', availableOn: '2026-12-02' })).toEqual(['Opioid tapering']);
    expect(titles({ availableOn: '2026-12-03' })).toEqual(['Naloxone for pharmacists']);
  });

  it('pages through every course once with cursors, also across courses added meanwhile', () => {
    const index = new CourseSearchIndex();
    for (let i = 0; i < 7; i++) index.apply(course());
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = index.search(published({ limit: 3, ...(cursor && { cursor }) }));
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
      if (seen.length === 3) index.apply(course()); // newer than every page: appears on a new first page only
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect([...seen].sort().reverse()).toEqual(seen);
  });
});
