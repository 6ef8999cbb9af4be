import { formatPath } from '@cme/platform';

import {
  CourseContentSchema,
  CoursePatchSchema,
  CourseSearchSchema,
  ImportedCourseSchema,
} from './course.dto';

const valid = {
  title: 'Safe opioid prescribing',
  provider: { name: 'Pain Society', accreditor: 'ACCME' },
  format: 'journal',
  credits: [{ type: 'AMA_PRA_1', amount: 8 }],
};

function errorsOf(input: unknown, schema: typeof CourseContentSchema = CourseContentSchema) {
  const result = schema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

describe('course content', () => {
  it('accepts a minimal course and defaults its lists', () => {
    expect(CourseContentSchema.parse(valid)).toEqual({
      ...valid,
      topics: [],
      professions: [],
      approvals: [],
    });
  });

  it.each([
    ['an unknown accreditor', { provider: { name: 'X', accreditor: 'ABC' } }, 'provider.accreditor'],
    ['an unknown format', { format: 'podcast' }, 'format'],
    ['a topic outside the vocabulary', { topics: ['astrology'] }, 'topics[0]'],
    ['a profession outside the vocabulary', { professions: ['dentist'] }, 'professions[0]'],
    ['a credit type outside the vocabulary', { credits: [{ type: 'CME_X', amount: 1 }] }, 'credits[0].type'],
    ['no credit designation', { credits: [] }, 'credits'],
    ['a non-positive amount', { credits: [{ type: 'AMA_PRA_1', amount: 0 }] }, 'credits[0].amount'],
    ['a query operator for a title', { title: { $gt: '' } }, 'title'],
    ['an unknown field', { priceUsd: 10 }, ''],
    ['an impossible date', { startsOn: '2026-02-30' }, 'startsOn'],
    ['a URL that is not http(s)', { url: 'javascript:alert(1)' }, 'url'],
  ])('rejects %s', (_, change, path) => {
    expect(errorsOf({ ...valid, ...change }).map((error) => error.split(':')[0])).toContain(path);
  });

  describe('credit designations', () => {
    it.each([
      ['AMA PRA Category 1 in quarter credits', 'AMA_PRA_1', 6.75],
      ['ANCC contact hours to the hundredth', 'ANCC_CH', 1.33],
      ['ACPE contact hours in quarters', 'ACPE_CPE', 1.25],
      ['the maximum', 'AMA_PRA_1', 100],
    ])('accepts %s', (_, type, amount) => {
      expect(errorsOf({ ...valid, credits: [{ type, amount }] })).toEqual([]);
    });

    it.each([
      ['AMA PRA Category 1 off the quarter step', 'AMA_PRA_1', 1.1, 'steps of 0.25'],
      ['ACPE off the quarter step', 'ACPE_CPE', 0.5 + 0.1, 'steps of 0.25'],
      ['more than a course can designate', 'AMA_PRA_1', 100.25, 'at most 100'],
      ['self-claimed Category 2', 'AMA_PRA_2', 1, 'self-claimed'],
    ])('rejects %s', (_, type, amount, message) => {
      const errors = errorsOf({ ...valid, credits: [{ type, amount }] });
      expect(errors).toEqual([expect.stringContaining(message)]);
    });

    it('rejects a credit type designated twice, and a topic listed twice', () => {
      const errors = errorsOf({
        ...valid,
        topics: ['ethics', 'ethics'],
        credits: [
          { type: 'AMA_PRA_1', amount: 1 },
          { type: 'AMA_PRA_1', amount: 2 },
        ],
      });
      expect(errors).toEqual([
        'credits[1].type: each credit type may be designated once',
        'topics[1]: listed twice',
      ]);
    });
  });

  describe('dates', () => {
    it('needs both dates of a live course, and an end not before its start', () => {
      expect(errorsOf({ ...valid, format: 'live' })).toEqual([
        'startsOn: a course in the live format needs the date it starts',
        'endsOn: a course in the live format needs the date it ends',
      ]);
      expect(
        errorsOf({ ...valid, format: 'internet-live', startsOn: '2026-12-02', endsOn: '2026-12-01' }),
      ).toEqual(['endsOn: must not be before startsOn']);
      expect(errorsOf({ ...valid, format: 'live', startsOn: '2026-12-01', endsOn: '2026-12-01' })).toEqual(
        [],
      );
    });

    it('needs the availability date of an enduring course, not before its start', () => {
      expect(errorsOf({ ...valid, format: 'enduring' })).toEqual([
        'availableUntil: a course in the enduring format needs the date until which it is available',
      ]);
      expect(
        errorsOf({
          ...valid,
          format: 'internet-enduring',
          startsOn: '2027-01-01',
          availableUntil: '2026-01-01',
        }),
      ).toEqual(['availableUntil: must not be before startsOn']);
    });

    it('refuses a course that both ends and stays available', () => {
      expect(
        errorsOf({ ...valid, startsOn: '2026-01-01', endsOn: '2026-01-02', availableUntil: '2027-01-01' }),
      ).toEqual(['availableUntil: a course either ends on a date (endsOn) or stays available until one']);
    });
  });

  describe('ACPE Universal Activity Number', () => {
    const acpe = (accreditationId?: string) => ({
      ...valid,
      provider: { name: 'Pharmacy CE', accreditor: 'ACPE', ...(accreditationId && { accreditationId }) },
      credits: [{ type: 'ACPE_CPE', amount: 2 }],
    });

    it.each(['0797-0000-23-095-L04-P', '0001-9999-26-001-H08-T', 'JA4008162-0000-25-012-B05-P'])(
      'accepts %s',
      (uan) => expect(errorsOf(acpe(uan))).toEqual([]),
    );

    it.each([
      undefined,
      '0797-0000-23-095-L04',
      '797-0000-23-095-L04-P',
      '0797-0000-23-095-X04-P',
      'ACPE 12345',
    ])('rejects %s', (uan) => {
      expect(errorsOf(acpe(uan))).toEqual([
        expect.stringMatching(/^provider\.accreditationId: an ACPE course needs/),
      ]);
    });

    it('does not ask other accreditors for a UAN', () => {
      expect(
        errorsOf({ ...valid, provider: { name: 'X', accreditor: 'ANCC', accreditationId: 'anything' } }),
      ).toEqual([]);
    });
  });
});

describe('course patches', () => {
  it('accepts a change of some fields, null removing an optional one', () => {
    expect(CoursePatchSchema.parse({ title: 'New title', summary: null })).toEqual({
      title: 'New title',
      summary: null,
    });
  });

  it.each([
    ['an empty patch', {}],
    ['a null required field', { title: null }],
    ['an unknown field', { version: 3 }],
  ])('rejects %s', (_, patch) => {
    expect(CoursePatchSchema.safeParse(patch).success).toBe(false);
  });
});

describe('imported courses', () => {
  it('needs an external id without spaces', () => {
    expect(ImportedCourseSchema.safeParse({ ...valid, externalId: 'feed/2026:42' }).success).toBe(true);
    expect(ImportedCourseSchema.safeParse({ ...valid, externalId: 'has space' }).success).toBe(false);
    expect(ImportedCourseSchema.safeParse(valid).success).toBe(false);
  });
});

describe('search parameters', () => {
  it('defaults the page size and caps it at 100', () => {
    expect(CourseSearchSchema.parse({})).toEqual({ limit: 20 });
    expect(CourseSearchSchema.parse({ limit: '100' }).limit).toBe(100);
    expect(CourseSearchSchema.safeParse({ limit: '101' }).success).toBe(false);
  });

  it.each([
    ['a repeated parameter', { topic: ['ethics', 'geriatrics'] }],
    ['an operator smuggled in a parameter name', { 'q[$regex]': '.*' }],
    ['a value outside the vocabulary', { creditType: 'AMA' }],
    ['a malformed date', { availableOn: '12/01/2026' }],
  ])('rejects %s', (_, query) => {
    expect(CourseSearchSchema.safeParse(query).success).toBe(false);
  });
});
