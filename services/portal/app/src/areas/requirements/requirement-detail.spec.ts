import { loadCredits, progressSeries, type RequirementDetail } from './requirement-detail';

const requirement: RequirementDetail = {
  id: 'tx-physician-cme',
  name: 'Texas license CME',
  source: 'https://example.org/rule',
  ruleVersion: '2026-01',
  cycle: { start: '2025-05-01', end: '2027-04-30' },
  deadline: '2027-04-30',
  status: 'at-risk',
  required: 48,
  earned: 24,
  remaining: 24,
  components: [],
  allocations: [
    { creditId: 'old', type: 'AMA_PRA_1', amount: 2, carriedForward: true },
    { creditId: 'a', type: 'AMA_PRA_1', amount: 12 },
    { creditId: 'b', type: 'AMA_PRA_1', amount: 8 },
  ],
  forecast: { earliestCompletion: '2026-11-30', projectedCompletion: '2028-07-01' },
};

const completedOn = new Map([
  ['old', '2024-12-01'],
  ['a', '2026-05-20'],
  ['b', '2026-10-01'],
]);

describe('progressSeries', () => {
  it('adds up the counted hours by date against a steady pace, up to today', () => {
    const points = progressSeries(requirement, completedOn, '2026-11-30')!;
    expect(points[0]).toEqual({ date: '2025-05-01', earned: 2, pace: 0 });
    expect(points.at(-1)).toEqual({ date: '2027-04-30', earned: null, pace: 48 });
    expect(points.find((point) => point.date === '2026-06-01')?.earned).toBe(14);
    expect(points.find((point) => point.date === '2026-11-30')?.earned).toBe(22);
    expect(points.length).toBeLessThanOrEqual(26);
    const dates = points.map((point) => point.date);
    expect(dates).toEqual([...dates].sort());
  });

  it('steps by several months through a long cycle, and draws nothing for a one-time requirement', () => {
    const long = { ...requirement, cycle: { start: '2026-01-01', end: '2035-12-31' } };
    const points = progressSeries(long, completedOn, '2026-11-30')!;
    expect(points.length).toBeLessThanOrEqual(26);
    expect(points.slice(0, 3).map((point) => point.date)).toEqual(['2026-01-01', '2026-06-01', '2026-11-01']);
    expect(
      progressSeries(
        { ...requirement, cycle: { start: null, end: '2024-01-01' } },
        completedOn,
        '2026-11-30',
      ),
    ).toBeUndefined();
  });
});

describe('loadCredits', () => {
  afterEach(() => jest.restoreAllMocks());

  it('pages through the ledger until every allocated credit is found', async () => {
    const pages: Record<string, unknown> = {
      '': {
        items: [
          { id: 'x', activity: { title: 'X' }, completedOn: '2026-11-01' },
          { id: 'a', activity: { title: 'A' }, completedOn: '2026-05-20' },
        ],
        nextCursor: 'p2',
      },
      p2: { items: [{ id: 'b', activity: { title: 'B' }, completedOn: '2026-10-01' }], nextCursor: 'p3' },
    };
    const fetch = jest.fn(async (url: string) => {
      const cursor = new URL(url, 'http://portal').searchParams.get('cursor') ?? '';
      return new Response(JSON.stringify(pages[cursor]), { status: 200 });
    });
    global.fetch = fetch as unknown as typeof global.fetch;
    const found = await loadCredits(new Set(['a', 'b']));
    expect([...found.keys()].sort()).toEqual(['a', 'b']);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(await loadCredits(new Set())).toEqual(new Map());
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
