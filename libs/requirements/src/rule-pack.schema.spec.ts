import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import abaPack from '../rule-packs/aba.json';
import { compileRulePacks, loadRulePacks } from './rule-pack.loader';
import { parseRulePack, RulePackError, type RulePack } from './rule-pack.schema';

const PACK_DIR = join(__dirname, '..', 'rule-packs');
const packFiles = readdirSync(PACK_DIR).filter((file) => file.endsWith('.json'));

function validPack(): RulePack & Record<string, unknown> {
  return JSON.parse(JSON.stringify(abaPack));
}

function issuesOf(data: unknown): { path: string; message: string }[] {
  try {
    parseRulePack(data, 'test.json');
  } catch (error) {
    if (error instanceof RulePackError) return error.issues;
    throw error;
  }
  throw new Error('expected the pack to be rejected');
}

describe('bundled rule packs', () => {
  it.each(packFiles)('%s is valid and bundled', (file) => {
    const data = JSON.parse(readFileSync(join(PACK_DIR, file), 'utf8'));
    const pack = parseRulePack(data, file);
    expect(`${pack.pack}.json`).toBe(file);
    expect(loadRulePacks().packs.map((p) => p.pack)).toContain(pack.pack);
  });

  it('loads every pack once, compiled', () => {
    const set = loadRulePacks();
    expect(set.packs).toHaveLength(packFiles.length);
    expect(loadRulePacks()).toBe(set);
  });

  it('covers the boards, federal rule and states the issue asks for', () => {
    const ids = loadRulePacks().packs.flatMap((p) => p.rules.map((r) => r.id));
    for (const id of [
      'aba-moca-cme',
      'abpmr-cc-cme',
      'abpn-cc-cme',
      'np-aanpcb-recertification',
      'np-ancc-renewal',
      'np-aacn-renewal',
      'dea-mate-training',
      'ca-physician-cme',
      'ca-pain-terminally-ill-12h',
      'fl-physician-cme',
      'fl-controlled-substance-prescribing',
      'tx-physician-cme',
      'tx-opioid-pain-early',
      'tx-human-trafficking',
      'ny-pain-palliative-addiction',
      'ny-pain-palliative-addiction-new-licensee',
      'mi-physician-cme',
      'mi-implicit-bias',
      'mi-human-trafficking-training',
      'mi-opioid-awareness-training',
      'nc-physician-cme',
      'nc-controlled-substances',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('says why each unverified rule is unverified', () => {
    const unverified = loadRulePacks().packs.flatMap((p) => p.rules.filter((r) => !r.verified));
    expect(unverified.length).toBeGreaterThan(0);
    for (const rule of unverified) expect(rule.notes).toMatch(/UNVERIFIED/);
  });
});

describe('parseRulePack rejects bad packs with path-based errors', () => {
  it.each<[string, (pack: ReturnType<typeof validPack>) => void, { path: string; message: RegExp }]>([
    [
      'a misspelt key',
      (p) => Object.assign(p.rules[0].components[0], { requird: 3 }),
      { path: 'rules[0].components[0]', message: /Unrecognized key: "requird"/ },
    ],
    [
      'an impossible date',
      (p) => Object.assign(p.rules[1], { effectiveFrom: '2025-02-30' }),
      { path: 'rules[1].effectiveFrom', message: /calendar date/ },
    ],
    [
      'an unknown credit type',
      (p) => Object.assign(p.rules[2], { accepts: ['CME_X'] }),
      { path: 'rules[2].accepts[0]', message: /must be a credit type/ },
    ],
    [
      'a topic outside the shared vocabulary',
      (p) => Object.assign(p.rules[2].components[0], { kind: 'topic', topics: ['substance-use-disorders'] }),
      { path: 'rules[2].components[0].topics[0]', message: /must be a topic of the vocabulary/ },
    ],
    [
      'an unknown cycle kind',
      (p) => Object.assign(p.rules[0].cycle, { kind: 'weekly' }),
      { path: 'rules[0].cycle.kind', message: /cycle.kind must be one of/ },
    ],
    [
      'a missing verified flag',
      (p) => delete (p.rules[0] as Partial<RulePack['rules'][0]>).verified,
      { path: 'rules[0].verified', message: /expected boolean/ },
    ],
    [
      'a source that is not a URL',
      (p) => Object.assign(p.rules[0], { source: 'theaba.org' }),
      { path: 'rules[0].source', message: /http\(s\) URL/ },
    ],
    [
      'caps without anything required',
      (p) => Object.assign(p.rules[0], { components: [p.rules[0].components[1]] }),
      { path: 'rules[0].components', message: /needs a total, category or topic component/ },
    ],
    [
      'a component type the rule does not accept',
      (p) => Object.assign(p.rules[2], { accepts: ['AMA_PRA_1'] }),
      { path: 'rules[2].components[0].types[0]', message: /not in the rule's accepts list/ },
    ],
    [
      'two versions in force at once',
      (p) => Object.assign(p.rules[1], { effectiveTo: '2026-06-30' }),
      { path: 'rules[1].effectiveFrom', message: /effective dates overlap another version of aba-moca-cme/ },
    ],
    [
      'effectiveTo before effectiveFrom',
      (p) => Object.assign(p.rules[0], { effectiveTo: '2020-01-01' }),
      { path: 'rules[0].effectiveTo', message: /must not be before effectiveFrom/ },
    ],
    [
      'more than two decimals',
      (p) => Object.assign(p.rules[0].components[0], { required: 12.345 }),
      { path: 'rules[0].components[0].required', message: /at most two decimals/ },
    ],
    [
      'a renewal condition that selects nothing',
      (p) =>
        Object.assign(p.rules[0].appliesTo, { renewal: { state: 'FL', periodMonths: 24, ifUnknown: true } }),
      { path: 'rules[0].appliesTo.renewal', message: /at least one of in, from, every/ },
    ],
    [
      'an approval outside the shared vocabulary',
      (p) => Object.assign(p.rules[2].components[0], { requiresApproval: 'fl-approved' }),
      { path: 'rules[2].components[0].requiresApproval', message: /must be an approval of the vocabulary/ },
    ],
    [
      'a renewal offset without every',
      (p) =>
        Object.assign(p.rules[0].appliesTo, {
          renewal: { state: 'TX', periodMonths: 24, in: [1], offset: 1, ifUnknown: true },
        }),
      { path: 'rules[0].appliesTo.renewal.offset', message: /offset needs every/ },
    ],
    [
      'carry-forward on a cycle without a previous one',
      (p) =>
        Object.assign(p.rules[0], {
          cycle: { kind: 'birth-month', lengthMonths: 36 },
          components: [{ kind: 'total', name: 'Total', required: 60, carryForward: { max: 10 } }],
        }),
      { path: 'rules[0].components[0].carryForward', message: /needs a fixed, license or board cycle/ },
    ],
    [
      'boardCertifiedInCycle in appliesTo',
      (p) => Object.assign(p.rules[0].appliesTo, { boardCertifiedInCycle: true }),
      { path: 'rules[0].appliesTo.boardCertifiedInCycle', message: /only exemptIf may test/ },
    ],
    [
      'a cap on a one-time requirement',
      (p) =>
        Object.assign(p.rules[1], {
          cycle: { kind: 'one-time', due: { kind: 'date', on: '2030-01-01' } },
          effectiveTo: null,
          effectiveFrom: '1990-01-01',
        }),
      { path: 'rules[1].components[2]', message: /a one-time requirement takes no caps/ },
    ],
  ])('%s', (_case, mutate, expected) => {
    const pack = validPack();
    mutate(pack);
    expect(issuesOf(pack)).toContainEqual({
      path: expected.path,
      message: expect.stringMatching(expected.message),
    });
  });

  it('lists every problem in the error message', () => {
    const pack = validPack();
    Object.assign(pack.rules[0], { source: 'nope', verified: 'yes' });
    expect(() => parseRulePack(pack, 'aba.json')).toThrow(
      /Invalid rule pack aba.json:\n {2}- rules\[0\]\.source: .*\n {2}- rules\[0\]\.verified: /,
    );
  });

  it('rejects data that is not a pack at all', () => {
    expect(issuesOf(null)).toEqual([{ path: '', message: expect.stringMatching(/expected object/) }]);
    expect(issuesOf({ ...validPack(), rules: [] })).toContainEqual({
      path: 'rules',
      message: expect.any(String),
    });
  });

  it('rejects one requirement id defined in two packs', () => {
    const a = parseRulePack(validPack());
    const b = parseRulePack({ ...validPack(), pack: 'aba-copy' });
    expect(() => compileRulePacks([a, b])).toThrow(/requirement aba-moca-cme is also defined in pack aba/);
  });
});
