import { courseSearchQuery, encodeCursor } from './course-search';

describe('course search query', () => {
  it('filters by status alone when nothing else is asked', () => {
    expect(courseSearchQuery({ status: 'published', limit: 20 })).toEqual({
      filter: { status: 'published' },
      sort: { publishedAt: -1, _id: -1 },
      limit: 21,
      sortField: 'publishedAt',
    });
  });

  it('turns every filter into an equality or a range on an indexed field', () => {
    const { filter } = courseSearchQuery({
      status: 'draft',
      limit: 5,
      q: 'Opioid tapering',
      topic: 'pain-management',
      creditType: 'ANCC_CH',
      format: 'live',
      profession: 'pharmacist',
      availableOn: '2026-12-01',
    });
    expect(filter).toEqual({
      status: 'draft',
      keywords: { $all: ['opioid', 'tapering'] },
      topics: 'pain-management',
      'credits.type': 'ANCC_CH',
      format: 'live',
      professions: 'pharmacist',
      availableFrom: { $lte: '2026-12-01' },
      availableTo: { $gte: '2026-12-01' },
    });
  });

  it('continues after the cursor position, ties broken by id', () => {
    const at = new Date('2026-11-01T10:00:00.000Z');
    const cursor = encodeCursor({ sortKey: at.toISOString(), id: 'c-9' });
    expect(courseSearchQuery({ status: 'published', limit: 20, cursor }).filter.$or).toEqual([
      { publishedAt: { $lt: at } },
      { publishedAt: at, _id: { $lt: 'c-9' } },
    ]);
    expect(courseSearchQuery({ status: 'draft', limit: 20, cursor }).sort).toEqual({
      createdAt: -1,
      _id: -1,
    });
  });

  it.each([
    'not-base64!',
    Buffer.from('{"$gt":1}').toString('base64url'),
    Buffer.from('["x","y"]').toString('base64url'),
  ])('answers 400 to a cursor it did not issue: %s', (cursor) => {
    expect(() => courseSearchQuery({ status: 'published', limit: 20, cursor })).toThrow(
      expect.objectContaining({ status: 400, code: 'cursor-invalid' }),
    );
  });
});
