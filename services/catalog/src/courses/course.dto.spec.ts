import { CreateCourseSchema } from './course.dto';

const valid = {
  title: 'Safe opioid prescribing',
  provider: { name: 'Pain Society', accreditor: 'ACCME' },
  format: 'live',
  credits: [{ type: 'AMA_PRA_1', amount: 8 }],
};

describe('course drafts', () => {
  it('accepts a minimal course and defaults its lists', () => {
    expect(CreateCourseSchema.parse(valid)).toEqual({ ...valid, topics: [], professions: [] });
  });

  it.each([
    ['an unknown accreditor', { provider: { name: 'X', accreditor: 'ABC' } }, 'provider.accreditor'],
    ['an unknown format', { format: 'podcast' }, 'format'],
    ['no credit designation', { credits: [] }, 'credits'],
    ['a non-positive amount', { credits: [{ type: 'AMA_PRA_1', amount: 0 }] }, 'credits.0.amount'],
    ['a query operator for a title', { title: { $gt: '' } }, 'title'],
    ['an unknown field', { priceUsd: 10 }, ''],
  ])('rejects %s', (_, change, path) => {
    const result = CreateCourseSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
