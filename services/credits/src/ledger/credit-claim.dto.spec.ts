import { CatalogCreditClaimSchema, IdempotencyKeySchema } from './credit-claim.dto';

describe('catalog credit claims', () => {
  const claim = {
    courseId: 'c-1',
    completedOn: '2026-10-01',
    claimed: [{ type: 'AMA_PRA_1', amount: 6.25 }],
  };

  it('accepts quarter-credit amounts on a calendar date', () => {
    expect(CatalogCreditClaimSchema.parse(claim)).toEqual(claim);
  });

  it.each([
    ['an amount off the quarter step', { claimed: [{ type: 'AMA_PRA_1', amount: 6.3 }] }],
    ['a date that is not YYYY-MM-DD', { completedOn: '10/01/2026' }],
    ['an empty claim', { claimed: [] }],
    ['an operator instead of an id', { courseId: { $ne: null } }],
  ])('rejects %s', (_, change) => {
    expect(CatalogCreditClaimSchema.safeParse({ ...claim, ...change }).success).toBe(false);
  });

  it('checks the shape of an idempotency key', () => {
    expect(IdempotencyKeySchema.parse(undefined)).toBeUndefined();
    expect(IdempotencyKeySchema.safeParse('short').success).toBe(false);
    expect(IdempotencyKeySchema.parse('retry-2026-10-01-abc')).toBe('retry-2026-10-01-abc');
  });
});
