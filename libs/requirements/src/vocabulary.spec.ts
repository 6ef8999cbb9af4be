import { loadRulePacks } from './rule-pack.loader';
import {
  APPROVAL_CODES,
  APPROVAL_VOCABULARY,
  CREDIT_TYPE_CODES,
  CREDIT_TYPE_VOCABULARY,
  TOPIC_CODES,
  TOPIC_VOCABULARY,
  type Topic,
} from './vocabulary';

/** The topics the catalog service must offer (its issue); the rule packs need the others. */
const CATALOG_TOPICS = [
  'pain-management',
  'opioid-prescribing',
  'substance-use-disorder',
  'patient-safety',
  'ethics',
  'end-of-life-care',
  'medical-errors',
  'domestic-violence',
  'controlled-substances',
  'geriatrics',
  'pharmacology',
  'infection-control',
  'human-trafficking',
  'hiv-aids',
];

describe('shared vocabularies', () => {
  it('offers every topic the catalog needs', () => {
    expect(TOPIC_CODES).toEqual(expect.arrayContaining(CATALOG_TOPICS));
  });

  it('gives every topic a kebab-case code and a label, in vocabulary order', () => {
    expect(TOPIC_VOCABULARY.map((entry) => entry.code)).toEqual(TOPIC_CODES);
    for (const { code, label } of TOPIC_VOCABULARY) {
      expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(label.length).toBeGreaterThan(0);
    }
  });

  it('fits the 32-bit topic masks of the engine', () => {
    expect(TOPIC_CODES.length).toBeLessThanOrEqual(32);
  });

  it('lists every credit type with a label', () => {
    expect(CREDIT_TYPE_VOCABULARY.map((entry) => entry.code)).toEqual(CREDIT_TYPE_CODES);
    for (const { label } of CREDIT_TYPE_VOCABULARY) expect(label.length).toBeGreaterThan(0);
  });

  it('lists the approvals a rule may require, each with a label, and they fit the 32-bit masks', () => {
    expect(APPROVAL_VOCABULARY.map((entry) => entry.code)).toEqual(APPROVAL_CODES);
    expect(APPROVAL_CODES).toEqual(
      expect.arrayContaining([
        'fl-board-approved-controlled-substance',
        'ny-approved-pain-palliative-addiction',
        'ny-approved-infection-control',
        'tx-hhsc-approved-human-trafficking',
      ]),
    );
    for (const { label } of APPROVAL_VOCABULARY) expect(label.length).toBeGreaterThan(0);
    expect(APPROVAL_CODES.length).toBeLessThanOrEqual(32);
  });

  it('is plain JSON, as the catalog serves it', () => {
    expect(JSON.parse(JSON.stringify(TOPIC_VOCABULARY))).toEqual(TOPIC_VOCABULARY);
    expect(JSON.parse(JSON.stringify(CREDIT_TYPE_VOCABULARY))).toEqual(CREDIT_TYPE_VOCABULARY);
  });

  it('is what the bundled rule packs name (every rule topic is a vocabulary code)', () => {
    const named = new Set<Topic>();
    for (const pack of loadRulePacks().packs) {
      for (const rule of pack.rules) {
        for (const component of rule.components) {
          if (component.kind === 'topic' || component.kind === 'cap') {
            for (const topic of component.topics ?? []) named.add(topic);
          }
        }
      }
    }
    expect(TOPIC_CODES).toEqual(expect.arrayContaining([...named]));
    expect(named).toContain('controlled-substances');
    expect(named).toContain('substance-use-disorder');
  });
});
