import { formatPath } from '@cme/platform';
import { type z } from 'zod';

import {
  CatalogCreditClaimSchema,
  CreditCorrectionSchema,
  CreditListQuerySchema,
  IdempotencyKeySchema,
  newCreditSchemaOf,
  OutsideCreditSchema,
} from './credit-entry.dto';

/** The paths of the issues a schema finds, as the API names them. */
function errorPaths(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => formatPath(issue.path));
}

const outside = (claim: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) => ({
  activity: { title: 'Opioid tapering', provider: 'State Pain Society' },
  completedOn: '2026-03-14',
  claimed: [{ type: 'AMA_PRA_1', amount: 2, ...claim }],
  ...overrides,
});

describe('credit DTOs', () => {
  describe('claimed amounts', () => {
    it.each<[string, number]>([
      ['AMA_PRA_1', 0.25],
      ['AMA_PRA_1', 6.25],
      ['AMA_PRA_1', 100],
      ['ANCC_CH', 1.33],
      ['ANCC_CH', 0.07],
      ['ACPE_CPE', 2.75],
    ])('accepts %s %p (a whole number of its steps)', (type, amount) => {
      expect(errorPaths(OutsideCreditSchema, outside({ type, amount }))).toEqual([]);
    });

    it.each<[string, number]>([
      ['AMA_PRA_1', 8.0000000001],
      ['AMA_PRA_1', 6.3],
      ['AMA_PRA_1', 1e-7],
      ['ANCC_CH', 1.333],
      ['AMA_PRA_1', 0],
      ['AMA_PRA_1', -1],
      ['AMA_PRA_1', 100.25],
    ])('refuses %s %p', (type, amount) => {
      expect(errorPaths(OutsideCreditSchema, outside({ type, amount }))).toEqual(['claimed[0].amount']);
    });

    it('keeps topic hours within the amount and in the type’s steps', () => {
      expect(errorPaths(OutsideCreditSchema, outside({ topicHours: { pharmacology: 2 } }))).toEqual([]);
      expect(errorPaths(OutsideCreditSchema, outside({ topicHours: { pharmacology: 2.25 } }))).toEqual([
        'claimed[0].topicHours.pharmacology',
      ]);
      expect(errorPaths(OutsideCreditSchema, outside({ topicHours: { ethics: 0.1 } }))).toEqual([
        'claimed[0].topicHours.ethics',
      ]);
      expect(errorPaths(OutsideCreditSchema, outside({ topicHours: { ethics: 0 } }))).toEqual([
        'claimed[0].topicHours.ethics',
      ]);
      expect(errorPaths(OutsideCreditSchema, outside({ topicHours: { astrology: 1 } }))).toEqual([
        'claimed[0].topicHours',
      ]);
    });

    it('claims each credit type once per activity', () => {
      const twice = outside(
        {},
        {
          claimed: [
            { type: 'ANCC_CH', amount: 1 },
            { type: 'AMA_PRA_1', amount: 1 },
            { type: 'ANCC_CH', amount: 2 },
          ],
        },
      );
      expect(errorPaths(OutsideCreditSchema, twice)).toEqual(['claimed[2].type']);
    });
  });

  describe('completion dates', () => {
    it.each(['1950-01-01', '2026-02-28'])('accepts %s', (completedOn) => {
      expect(errorPaths(OutsideCreditSchema, outside({}, { completedOn }))).toEqual([]);
    });

    it.each(['1949-12-31', '2026-02-29', '2026-03-14T00:00:00Z', '14/03/2026', ''])(
      'refuses %p',
      (completedOn) => {
        expect(errorPaths(OutsideCreditSchema, outside({}, { completedOn }))).toEqual(['completedOn']);
      },
    );
  });

  describe('outside activities', () => {
    it('defaults the format to other and the topics to none', () => {
      expect(OutsideCreditSchema.parse(outside()).activity).toEqual({
        title: 'Opioid tapering',
        provider: 'State Pain Society',
        format: 'other',
        topics: [],
      });
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['no title', { title: undefined }, 'activity.title'],
      ['a blank provider', { provider: ' \t ' }, 'activity.provider'],
      ['a control character', { title: 'Opioids\u001b' }, 'activity.title'],
      ['a lone surrogate', { provider: 'Society \uDFFF' }, 'activity.provider'],
      ['a title over 300 characters', { title: 'x'.repeat(301) }, 'activity.title'],
      ['a topic twice', { topics: ['ethics', 'ethics'] }, 'activity.topics'],
      ['an unknown field', { courseId: 'c1' }, 'activity'],
    ])('refuses %s', (_, change, path) => {
      const body = outside();
      expect(errorPaths(OutsideCreditSchema, { ...body, activity: { ...body.activity, ...change } })).toEqual(
        [path],
      );
    });

    it('trims titles and providers', () => {
      const body = outside();
      const parsed = OutsideCreditSchema.parse({
        ...body,
        activity: { ...body.activity, title: '  Opioid tapering  ' },
      });
      expect(parsed.activity.title).toBe('Opioid tapering');
    });
  });

  it('reads a body with an activity as an outside activity, any other as a catalog claim', () => {
    expect(newCreditSchemaOf(outside())).toBe(OutsideCreditSchema);
    expect(newCreditSchemaOf({ courseId: 'c1' })).toBe(CatalogCreditClaimSchema);
    expect(newCreditSchemaOf(null)).toBe(CatalogCreditClaimSchema);
    expect(newCreditSchemaOf('text')).toBe(CatalogCreditClaimSchema);
  });

  describe('corrections', () => {
    it('adds no defaults to the activity: fields not named keep their value', () => {
      expect(CreditCorrectionSchema.parse({ activity: { title: 'New' } })).toEqual({
        activity: { title: 'New' },
      });
    });

    it('names at least one field, and only known ones', () => {
      expect(errorPaths(CreditCorrectionSchema, {})).toEqual(['']);
      const unknown = CreditCorrectionSchema.safeParse({ voided: false });
      expect(unknown.error?.issues).toEqual([
        expect.objectContaining({ code: 'unrecognized_keys', keys: ['voided'] }),
      ]);
    });

    it('detaches a certificate with null and confirms a duplicate distinct with true only', () => {
      expect(CreditCorrectionSchema.parse({ certificateId: null })).toEqual({ certificateId: null });
      expect(errorPaths(CreditCorrectionSchema, { confirmedDistinct: false })).toEqual(['confirmedDistinct']);
    });
  });

  describe('list queries', () => {
    it('defaults to 20 counted entries and reads query strings', () => {
      expect(CreditListQuerySchema.parse({})).toEqual({ includeVoided: false, limit: 20 });
      expect(CreditListQuerySchema.parse({ includeVoided: 'true', limit: '100' })).toEqual({
        includeVoided: true,
        limit: 100,
      });
    });

    it.each<[Record<string, string>, string]>([
      [{ from: '2026-02-01', to: '2026-01-31' }, 'to'],
      [{ includeVoided: '1' }, 'includeVoided'],
      [{ limit: '101' }, 'limit'],
      [{ limit: '2.5' }, 'limit'],
      [{ source: 'import' }, 'source'],
    ])('refuses %p', (query, path) => {
      expect(errorPaths(CreditListQuerySchema, query)).toEqual([path]);
    });

    it('takes a single day (from equal to to)', () => {
      expect(errorPaths(CreditListQuerySchema, { from: '2026-02-01', to: '2026-02-01' })).toEqual([]);
    });
  });

  it.each([
    [undefined, true],
    ['retry-2026-03-14_a', true],
    ['short', false],
    ['x'.repeat(101), false],
    ['with space', false],
  ])('reads the Idempotency-Key %p: %p', (key, valid) => {
    expect(IdempotencyKeySchema.safeParse(key).success).toBe(valid);
  });
});
