import { loadRulePacks } from '@cme/requirements';

import { requirementStanding } from '../reminders/testing/requirement-standing';
import { type AlertCourse, gapsClosedBy } from './course-gap-match';
import { OPIOID_GAP as opioidGap } from './testing/opioid-gap';

const rules = loadRulePacks();
const TODAY = '2027-01-15';

const course = (overrides: Partial<AlertCourse> = {}): AlertCourse => ({
  status: 'published',
  topics: ['opioid-prescribing'],
  credits: [{ type: 'AMA_PRA_1', amount: 3 }],
  professions: ['physician'],
  ...overrides,
});

const physician = { profession: 'physician', requirements: [opioidGap] };

describe('gapsClosedBy: a new course against a practitioner’s open requirements', () => {
  it('matches a course of the topic and credit type an open component counts, hours capped by the gap', () => {
    expect(gapsClosedBy(course(), physician, TODAY, rules)).toEqual([
      {
        requirementId: 'tx-opioid-pain-periodic',
        name: 'Texas pain management and opioid prescribing',
        deadline: '2027-06-30',
        components: [{ name: 'Pain management and opioid prescribing (formal)', hours: 2 }],
      },
    ]);
  });

  it.each<[string, Partial<AlertCourse>]>([
    ['another topic', { topics: ['ethics'] }],
    ['a credit type the rule does not accept', { credits: [{ type: 'ANCC_CH', amount: 3 }] }],
    ['a type the component does not count (Category 2)', { credits: [{ type: 'AMA_PRA_2', amount: 3 }] }],
    ['another profession', { professions: ['pharmacist'] }],
    ['a draft', { status: 'draft' }],
    ['one that starts after the deadline', { startsOn: '2027-07-01' }],
    ['one no longer available', { availableUntil: '2027-01-14' }],
  ])('does not match %s', (_, overrides) => {
    expect(gapsClosedBy(course(overrides), physician, TODAY, rules)).toEqual([]);
  });

  it('takes a course that names no profession as open to every profession', () => {
    expect(gapsClosedBy(course({ professions: [] }), physician, TODAY, rules)).toHaveLength(1);
  });

  it('leaves out met requirements, closed components and requirements no rule pack knows', () => {
    const requirements = [
      { ...opioidGap, status: 'met' as const, remaining: 0 },
      { ...opioidGap, components: opioidGap.components.map((component) => ({ ...component, remaining: 0 })) },
      { ...opioidGap, id: 'unknown-requirement' },
    ];
    expect(gapsClosedBy(course(), { profession: 'physician', requirements }, TODAY, rules)).toEqual([]);
  });

  it('matches the total of a license requirement with any accepted type, and a category with its types', () => {
    const license = requirementStanding({
      id: 'tx-physician-cme',
      components: [
        { name: 'Total', kind: 'total', required: 48, remaining: 28 },
        { name: 'Formal (Category 1 / AOA 1-A)', kind: 'category', required: 24, remaining: 10 },
      ],
    });
    const categoryTwo = course({ topics: [], credits: [{ type: 'AMA_PRA_2', amount: 12 }] });
    expect(
      gapsClosedBy(categoryTwo, { profession: 'physician', requirements: [license] }, TODAY, rules),
    ).toEqual([expect.objectContaining({ components: [{ name: 'Total', hours: 12 }] })]);
    const categoryOne = course({ topics: [], credits: [{ type: 'AMA_PRA_1', amount: 12 }] });
    expect(
      gapsClosedBy(categoryOne, { profession: 'physician', requirements: [license] }, TODAY, rules),
    ).toEqual([
      expect.objectContaining({
        components: [
          { name: 'Total', hours: 12 },
          { name: 'Formal (Category 1 / AOA 1-A)', hours: 10 },
        ],
      }),
    ]);
  });

  it('needs the approval a component requires', () => {
    const trafficking = requirementStanding({
      id: 'tx-human-trafficking',
      cycle: { start: '2025-07-01', end: '2027-06-30' },
      remaining: 1,
      components: [
        { name: 'Human trafficking (HHSC-approved course)', kind: 'topic', required: 1, remaining: 1 },
      ],
    });
    const unapproved = course({ topics: ['human-trafficking'], credits: [{ type: 'AMA_PRA_1', amount: 1 }] });
    const who = { profession: 'physician', requirements: [trafficking] };
    expect(gapsClosedBy(unapproved, who, TODAY, rules)).toEqual([]);
    const approved = { ...unapproved, approvals: ['tx-hhsc-approved-human-trafficking'] };
    expect(gapsClosedBy(approved, who, TODAY, rules)).toHaveLength(1);
  });
});
