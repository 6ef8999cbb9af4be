import { type RequirementStanding } from '@cme/contracts';

import { type RecipientDocument } from './recipient.schema';
import { planReminders } from './reminder-plan';
import { requirementStanding as standing } from './testing/requirement-standing';

function recipient(requirements: RequirementStanding[], extra: Partial<RecipientDocument> = {}) {
  return {
    _id: 'p-1',
    profile: { version: 1, name: 'Dr. Rivera', email: 'rivera@example.org', timezone: 'America/Chicago' },
    compliance: { version: 1, requirements },
    updatedAt: new Date(),
    ...extra,
  } satisfies RecipientDocument;
}

const now = new Date('2027-01-01T00:00:00Z');

describe('planning reminders', () => {
  it('plans the default offsets at 09:00 in the practitioner’s zone, with deterministic ids', () => {
    const planned = planReminders(recipient([standing({})]), now);
    expect(planned.map(({ id, dueAt }) => [id, dueAt.toISOString()])).toEqual([
      ['p-1/tx-license/2027-06-30/90d', '2027-04-01T14:00:00.000Z'],
      ['p-1/tx-license/2027-06-30/30d', '2027-05-31T14:00:00.000Z'],
      ['p-1/tx-license/2027-06-30/7d', '2027-06-23T14:00:00.000Z'],
    ]);
  });

  it('adds an at-risk alert due now, and plans nothing for met or overdue requirements', () => {
    const planned = planReminders(
      recipient([
        standing({ status: 'at-risk' }),
        standing({ id: 'board', status: 'met' }),
        standing({ id: 'dea', status: 'overdue' }),
      ]),
      now,
    );
    expect(planned.map(({ id }) => id)).toContain('p-1/tx-license/2027-06-30/at-risk');
    expect(planned.find(({ kind }) => kind === 'at-risk')?.dueAt).toEqual(now);
    expect(planned.every(({ requirementId }) => requirementId === 'tx-license')).toBe(true);
  });

  it('follows the preferences: offsets, zone, switched off', () => {
    const preferences = { remindersEnabled: true, offsetsDays: [14], digest: true, courseAlerts: true };
    const custom = planReminders(
      recipient([standing({})], { preferences: { ...preferences, timezone: 'UTC' } }),
      now,
    );
    expect(custom.map(({ dueAt }) => dueAt.toISOString())).toEqual(['2027-06-16T09:00:00.000Z']);
    const off = recipient([standing({})], { preferences: { ...preferences, remindersEnabled: false } });
    expect(planReminders(off, now)).toEqual([]);
  });

  it('plans nothing for a practitioner without an email address', () => {
    const noEmail = recipient([standing({})]);
    noEmail.profile = { ...noEmail.profile, email: undefined as unknown as string };
    expect(planReminders(noEmail, now)).toEqual([]);
  });
});
