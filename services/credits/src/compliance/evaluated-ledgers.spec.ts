import { type CountedCredit } from '../ledger/credit-entry.repository';
import { type Practitioner } from '../practitioners/practitioner';
import { EvaluatedLedgers } from './evaluated-ledgers';

const practitioner = (id: string, version: number) => ({ id, version }) as Practitioner;
const entry = (id: string, version: number) => ({ id, version }) as CountedCredit;

describe('EvaluatedLedgers', () => {
  it('knows the profile and entry versions the last stored evaluation read, and nothing newer', () => {
    const evaluated = new EvaluatedLedgers();
    evaluated.remember(practitioner('p1', 3), [entry('c1', 1), entry('c2', 2)]);

    expect(evaluated.hasProfile('p1', 3)).toBe(true);
    expect(evaluated.hasProfile('p1', 2)).toBe(true);
    expect(evaluated.hasProfile('p1', 4)).toBe(false);
    expect(evaluated.hasEntry('p1', 'c2', 2)).toBe(true);
    expect(evaluated.hasEntry('p1', 'c2', 3)).toBe(false);
    // An entry recorded after the evaluation read the ledger.
    expect(evaluated.hasEntry('p1', 'c3', 1)).toBe(false);
    expect(evaluated.hasProfile('p2', 1)).toBe(false);
  });

  it('keeps the latest evaluation of each practitioner', () => {
    const evaluated = new EvaluatedLedgers();
    evaluated.remember(practitioner('p1', 1), [entry('c1', 1)]);
    evaluated.remember(practitioner('p1', 1), [entry('c1', 2), entry('c2', 1)]);

    expect(evaluated.hasEntry('p1', 'c1', 2)).toBe(true);
    expect(evaluated.hasEntry('p1', 'c2', 1)).toBe(true);
  });

  it('forgets the least recently evaluated practitioners beyond its capacity', () => {
    const evaluated = new EvaluatedLedgers();
    for (let i = 0; i <= 1000; i++) evaluated.remember(practitioner(`p${i}`, 1), []);

    expect(evaluated.hasProfile('p0', 1)).toBe(false);
    expect(evaluated.hasProfile('p1', 1)).toBe(true);
    expect(evaluated.hasProfile('p1000', 1)).toBe(true);
  });
});
