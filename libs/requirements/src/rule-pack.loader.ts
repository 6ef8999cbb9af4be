import abaPack from '../rule-packs/aba.json';
import abpmrPack from '../rule-packs/abpmr.json';
import abpnPack from '../rule-packs/abpn.json';
import caPhysicianPack from '../rule-packs/ca-physician.json';
import deaMatePack from '../rule-packs/dea-mate.json';
import flPhysicianPack from '../rule-packs/fl-physician.json';
import miPhysicianPack from '../rule-packs/mi-physician.json';
import ncPhysicianPack from '../rule-packs/nc-physician.json';
import npCertificationPack from '../rule-packs/np-certification.json';
import nyPrescriberPack from '../rule-packs/ny-prescriber.json';
import txPhysicianPack from '../rule-packs/tx-physician.json';
import { compileRules, type CompiledRules } from './compiled-rules';
import { parseRulePack, type RulePack } from './rule-pack.schema';

/** The packs shipped with the library, imported so that they bundle with it. */
const BUNDLED_PACKS: readonly (readonly [string, unknown])[] = [
  ['aba.json', abaPack],
  ['abpmr.json', abpmrPack],
  ['abpn.json', abpnPack],
  ['np-certification.json', npCertificationPack],
  ['dea-mate.json', deaMatePack],
  ['ca-physician.json', caPhysicianPack],
  ['fl-physician.json', flPhysicianPack],
  ['tx-physician.json', txPhysicianPack],
  ['ny-prescriber.json', nyPrescriberPack],
  ['mi-physician.json', miPhysicianPack],
  ['nc-physician.json', ncPhysicianPack],
];

/** Validated rule packs, compiled once for evaluation (the compiled form is kept out of sight). */
export interface RulePackSet {
  readonly packs: readonly RulePack[];
}

const compiledSets = new WeakMap<object, CompiledRules>();

/** Compiles packs already validated by parseRulePack into a set for evaluateCompliance (do this once). */
export function compileRulePacks(packs: readonly RulePack[]): RulePackSet {
  const compiled = compileRules(packs);
  const set: RulePackSet = Object.freeze({ packs: Object.freeze([...packs]) });
  compiledSets.set(set, compiled);
  return set;
}

let bundled: RulePackSet | undefined;

/** The bundled packs, schema-validated and compiled on first call; throws RulePackError if one is invalid. */
export function loadRulePacks(): RulePackSet {
  bundled ??= compileRulePacks(BUNDLED_PACKS.map(([file, data]) => parseRulePack(data, file)));
  return bundled;
}

/** The compiled form of a set, or of a plain array of parsed packs (compiled once per array). */
export function compiledRulesOf(rulePacks: RulePackSet | readonly RulePack[]): CompiledRules {
  let compiled = compiledSets.get(rulePacks);
  if (!compiled) {
    compiled = compileRules(isPackArray(rulePacks) ? rulePacks : rulePacks.packs);
    compiledSets.set(rulePacks, compiled);
  }
  return compiled;
}

function isPackArray(value: RulePackSet | readonly RulePack[]): value is readonly RulePack[] {
  return Array.isArray(value);
}
