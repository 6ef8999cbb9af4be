import fc from 'fast-check';

import { prepareCredits, type ActivityUnit } from './allocation';
import { parseDay } from './calendar';
import type { CreditEntry } from './inputs.schema';

/*
 * prepareCredits sorts packed day-and-position numbers and groups an activity's entries only on days shared by
 * several entries; here it is checked against the plain statement of what it must produce: one unit per activity
 * and day (an entry without an activityId alone), in date order, then by smallest entry id.
 */

/** Units as plain data: their day and the ids of their entries (sorted: the order within a unit is not at stake). */
function shape(units: readonly ActivityUnit[]): [number, string[]][] {
  return units.map((unit) => [unit.day, unit.entries.map((entry) => entry.id).sort()]);
}

/** The expected grouping and order, stated directly. */
function expectedShape(credits: readonly CreditEntry[]): [number, string[]][] {
  const groups = new Map<string, CreditEntry[]>();
  credits.forEach((credit, position) => {
    if (credit.voided) return;
    const key =
      credit.activityId === undefined ? `entry ${position}` : `${credit.activityId} ${credit.completedOn}`;
    groups.set(key, [...(groups.get(key) ?? []), credit]);
  });
  const smallestId = (group: CreditEntry[]) => group.map((c) => c.id).sort()[0];
  return [...groups.values()]
    .sort((a, b) => {
      const byDay = parseDay(a[0].completedOn) - parseDay(b[0].completedOn);
      return byDay !== 0 ? byDay : smallestId(a) < smallestId(b) ? -1 : 1;
    })
    .map((group) => [parseDay(group[0].completedOn), group.map((c) => c.id).sort()]);
}

// Few days and activities, so that days and activities are shared often.
const creditBody = fc.record(
  {
    completedOn: fc.constantFrom('1969-12-31', '2025-02-28', '2025-03-01', '2026-11-30'),
    creditType: fc.constantFrom('AMA_PRA_1', 'AMA_PRA_2', 'ANCC_CH'),
    amount: fc.integer({ min: 1, max: 8 }).map((quarters) => quarters / 4),
    topics: fc.constant<string[]>([]),
    activityId: fc.constantFrom('act-1', 'act-2', 'act-3'),
    voided: fc.boolean(),
  },
  { requiredKeys: ['completedOn', 'creditType', 'amount', 'topics'] },
);

// Unique ids in an order unrelated to the input's.
const credits = fc.array(creditBody, { maxLength: 30 }).chain((bodies) =>
  fc
    .shuffledSubarray(
      bodies.map((_, i) => `c${String(i).padStart(2, '0')}`),
      { minLength: bodies.length, maxLength: bodies.length },
    )
    .map((shuffledIds) => bodies.map((body, i): CreditEntry => ({ id: shuffledIds[i], ...body }))),
);

describe('prepareCredits', () => {
  it('forms one unit per activity and day, in date order then by smallest id (fast-check)', () => {
    fc.assert(
      fc.property(credits, (entries) => {
        expect(shape(prepareCredits(entries))).toEqual(expectedShape(entries));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same units whatever the order of the input (fast-check)', () => {
    fc.assert(
      fc.property(
        credits.chain((entries) =>
          fc.tuple(
            fc.constant(entries),
            fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }),
          ),
        ),
        ([entries, shuffled]) => {
          expect(prepareCredits(shuffled)).toEqual(prepareCredits(entries));
        },
      ),
      { numRuns: 500 },
    );
  });
});
