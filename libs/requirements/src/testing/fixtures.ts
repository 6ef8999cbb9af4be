import type { ComplianceResult, RequirementResult } from '../compliance.types';
import type { CreditEntry, PractitionerProfile } from '../inputs.schema';
import { compileRulePacks, type RulePackSet } from '../rule-pack.loader';
import { parseRulePack, type RuleVersion } from '../rule-pack.schema';

/** A physician with no licenses, boards or DEA registration; tests add what a scenario needs. */
export function physician(overrides: Partial<PractitionerProfile> = {}): PractitionerProfile {
  return {
    profession: 'physician',
    specialty: 'anesthesiology',
    birthMonth: 4,
    licenses: [],
    boards: [],
    dea: null,
    flags: { directPatientCare: true, painClinic: false },
    ...overrides,
  };
}

let sequence = 0;

/** A credit entry; `id` defaults to a fresh one. */
export function credit(
  completedOn: string,
  amount: number,
  overrides: Partial<CreditEntry> = {},
): CreditEntry {
  sequence += 1;
  return {
    id: `credit-${sequence}`,
    completedOn,
    creditType: 'AMA_PRA_1',
    amount,
    topics: [],
    ...overrides,
  };
}

/** The requirement with this id; fails the test if it is absent. */
export function requirement(result: ComplianceResult, id: string): RequirementResult {
  const found = result.requirements.find((r) => r.id === id);
  if (!found) {
    throw new Error(`requirement ${id} not in result: ${result.requirements.map((r) => r.id).join(', ')}`);
  }
  return found;
}

export function ids(result: ComplianceResult): string[] {
  return result.requirements.map((r) => r.id);
}

/** A rule version for a test pack: an annual 20-hour Category 1 total unless `overrides` say otherwise. */
export function testRule(overrides: Partial<RuleVersion>): RuleVersion {
  return {
    id: 'test-rule',
    version: 'v1',
    name: 'Test rule',
    source: 'https://example.org/test-rule',
    effectiveFrom: '2000-01-01',
    verified: true,
    appliesTo: {},
    accepts: ['AMA_PRA_1'],
    cycle: { kind: 'fixed', anchorEnd: '2020-12-31', lengthMonths: 12 },
    components: [{ kind: 'total', name: 'Total', required: 20 }],
    ...overrides,
  };
}

/** One pack holding these rules, validated by the schema and compiled as a service would load it. */
export function testPacks(...rules: RuleVersion[]): RulePackSet {
  return compileRulePacks([
    parseRulePack({ pack: 'test-pack', name: 'Test pack', authority: 'Test authority', version: '1', rules }),
  ]);
}
