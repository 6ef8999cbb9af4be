import { type CreditEntry } from './credit-entry';
import { duplicateFingerprints, possibleDuplicateOf } from './duplicate-detection';

let sequence = 0;

/** An outside entry; each call another id, recorded later than the previous one. */
function entry(
  overrides: Partial<CreditEntry> = {},
  activity: Partial<CreditEntry['activity']> = {},
): CreditEntry {
  sequence++;
  const at = new Date(Date.UTC(2026, 0, 1, 0, sequence));
  return {
    id: `e${sequence}`,
    practitionerId: 'p1',
    version: 1,
    source: 'outside',
    activity: {
      title: 'Opioid tapering',
      provider: 'State Pain Society',
      format: 'live',
      topics: [],
      ...activity,
    },
    completedOn: '2026-03-14',
    claimed: [{ type: 'AMA_PRA_1', amount: 2 }],
    voided: false,
    history: [{ at, by: 'p1', action: 'recorded' }],
    recordedAt: at,
    updatedAt: at,
    ...overrides,
  };
}

describe('possibleDuplicateOf', () => {
  it('finds nothing among no candidates, or only the entry itself', () => {
    const own = entry();
    expect(possibleDuplicateOf(own, [])).toBeUndefined();
    expect(possibleDuplicateOf(own, [own])).toBeUndefined();
  });

  it('flags the same activity id on another day, whatever its case and spacing', () => {
    const first = entry({ completedOn: '2026-01-01' }, { activityId: 'ACT 77', title: 'Day one' });
    const second = entry({ completedOn: '2026-02-01' }, { activityId: '  act   77 ', title: 'Day two' });
    expect(possibleDuplicateOf(second, [first])).toBe(first.id);
    expect(possibleDuplicateOf(entry({}, { activityId: 'ACT 78' }), [first])).toBeUndefined();
  });

  it('flags the same catalog course', () => {
    const first = entry({ source: 'catalog', completedOn: '2026-01-01' }, { courseId: 'c1' });
    const second = entry(
      { source: 'catalog', claimed: [{ type: 'ANCC_CH', amount: 1 }] },
      { courseId: 'c1' },
    );
    expect(possibleDuplicateOf(second, [first])).toBe(first.id);
    expect(
      possibleDuplicateOf(entry({ completedOn: '2026-05-01' }, { courseId: 'c2' }), [first]),
    ).toBeUndefined();
  });

  it('flags the same certificate file, whatever the details', () => {
    const certificate = { id: 'f1', sha256: 'a'.repeat(64) };
    const first = entry({ certificate });
    const second = entry({ certificate, completedOn: '2025-01-01' }, { title: 'Other', provider: 'Other' });
    expect(possibleDuplicateOf(second, [first])).toBe(first.id);
    const otherFile = entry(
      { certificate: { id: 'f2', sha256: 'b'.repeat(64) }, completedOn: '2025-01-01' },
      { title: 'Other' },
    );
    expect(possibleDuplicateOf(otherFile, [first])).toBeUndefined();
  });

  it('flags the same provider, title, date and amounts (amounts in any order, text in any case)', () => {
    const first = entry({
      claimed: [
        { type: 'AMA_PRA_1', amount: 2 },
        { type: 'ANCC_CH', amount: 2 },
      ],
    });
    const same = entry(
      {
        claimed: [
          { type: 'ANCC_CH', amount: 2 },
          { type: 'AMA_PRA_1', amount: 2, topicHours: { ethics: 1 } },
        ],
      },
      { title: ' OPIOID  tapering ', provider: 'state pain society' },
    );
    expect(possibleDuplicateOf(same, [first])).toBe(first.id);
  });

  it.each<[string, Partial<CreditEntry>, Partial<CreditEntry['activity']>]>([
    ['another date', { completedOn: '2026-03-15' }, {}],
    ['another amount', { claimed: [{ type: 'AMA_PRA_1', amount: 2.25 }] }, {}],
    ['another credit type', { claimed: [{ type: 'AMA_PRA_2', amount: 2 }] }, {}],
    ['another title', {}, { title: 'Opioid tapering, part 2' }],
    ['another provider', {}, { provider: 'Another Society' }],
  ])('does not flag an entry with %s', (_, overrides, activity) => {
    expect(possibleDuplicateOf(entry(overrides, activity), [entry()])).toBeUndefined();
  });

  it('points at the first recording, not at a duplicate of it', () => {
    const first = entry();
    const second = entry({ possibleDuplicateOf: first.id });
    expect(possibleDuplicateOf(entry(), [second, first])).toBe(first.id);
  });

  it('points at the duplicate that counts when the first recording is voided or not a candidate', () => {
    const first = entry({ voided: true });
    const second = entry({ possibleDuplicateOf: first.id });
    expect(possibleDuplicateOf(entry(), [first, second])).toBe(second.id);
    expect(possibleDuplicateOf(entry(), [second])).toBe(second.id);
  });

  it('never flags against a voided entry', () => {
    expect(possibleDuplicateOf(entry(), [entry({ voided: true })])).toBeUndefined();
  });

  it('does not flag the first recording against its own duplicates (a correction of the original)', () => {
    const original = entry();
    const duplicate = entry({ possibleDuplicateOf: original.id });
    expect(possibleDuplicateOf(original, [duplicate])).toBeUndefined();
    expect(possibleDuplicateOf(original, [original, duplicate])).toBeUndefined();
  });

  it('skips the entries the practitioner confirmed distinct, and their duplicates', () => {
    const first = entry();
    const second = entry({ possibleDuplicateOf: first.id });
    const confirmed = entry({ distinctFrom: [first.id] });
    expect(possibleDuplicateOf(confirmed, [first, second])).toBeUndefined();
    const confirmedFromSecond = entry({ distinctFrom: [second.id] });
    expect(possibleDuplicateOf(confirmedFromSecond, [second])).toBeUndefined();
    // Distinct from one entry is not distinct from every other.
    const third = entry();
    expect(possibleDuplicateOf(confirmed, [first, third])).toBe(third.id);
  });
});

describe('duplicateFingerprints', () => {
  const shareOne = (a: CreditEntry, b: CreditEntry) =>
    duplicateFingerprints(a).some((fingerprint) => duplicateFingerprints(b).includes(fingerprint));

  it.each([
    [
      'the same activity id, whatever its case and spacing',
      { completedOn: '2026-01-01' },
      { activityId: 'ACT 77' },
      { activityId: '  act   77 ', title: 'Other' },
    ],
    [
      'the same catalog course',
      { source: 'catalog' as const },
      { courseId: 'c1' },
      { courseId: 'c1', title: 'Other' },
    ],
    [
      'the same provider, title, date and amounts',
      {},
      { title: 'Opioid  Tapering ' },
      { title: 'opioid tapering' },
    ],
  ])('gives entries that are duplicates by %s a fingerprint in common', (_rule, overrides, first, second) => {
    const a = entry(overrides, first);
    const b = entry({ ...overrides, completedOn: '2026-03-14' }, second);
    expect(possibleDuplicateOf(b, [a])).toBe(a.id);
    expect(shareOne(a, b)).toBe(true);
  });

  it('gives the same certificate file a fingerprint in common', () => {
    const certificate = { id: 'f'.repeat(24), sha256: 'a'.repeat(64) };
    const a = entry({ certificate }, { title: 'One' });
    const b = entry({ certificate, completedOn: '2026-01-02' }, { title: 'Two' });
    expect(possibleDuplicateOf(b, [a])).toBe(a.id);
    expect(shareOne(a, b)).toBe(true);
  });

  it('gives entries that are not duplicates none in common', () => {
    const a = entry({}, { activityId: 'ACT-77' });
    expect(shareOne(a, entry({}, { activityId: 'ACT-770', title: 'Other' }))).toBe(false);
    expect(shareOne(a, entry({ completedOn: '2026-03-15' }, { activityId: 'ACT 78' }))).toBe(false);
    expect(shareOne(a, entry({ claimed: [{ type: 'AMA_PRA_1', amount: 1 }] }, { activityId: 'X' }))).toBe(
      false,
    );
  });
});
