import { claimBody, type ClaimDraft, formErrorsOf, validateClaim } from './claim-draft';

const draft: ClaimDraft = {
  completedOn: '2026-11-01',
  rows: [
    { type: 'AMA_PRA_1', amount: 8, max: 8 },
    { type: 'ANCC_CH', amount: '', max: 8 },
    { type: 'ABA_PATIENT_SAFETY', amount: 2, max: 2 },
  ],
  topicHours: { 'pain-management': 1, ethics: '' },
};

describe('a claim draft', () => {
  it('sends the rows with an amount, with the topic hours on each', () => {
    expect(claimBody(draft)).toEqual({
      completedOn: '2026-11-01',
      claimed: [
        { type: 'AMA_PRA_1', amount: 8, topicHours: { 'pain-management': 1 } },
        { type: 'ABA_PATIENT_SAFETY', amount: 2, topicHours: { 'pain-management': 1 } },
      ],
      rowOfClaim: [0, 2],
    });
  });

  it('finds what the browser can tell: date, amounts over the designated ones, topic hours over an amount', () => {
    expect(validateClaim(draft, '2026-11-30')).toEqual({});
    expect(
      validateClaim(
        {
          completedOn: '2026-12-01',
          rows: [
            { type: 'AMA_PRA_1', amount: 9, max: 8 },
            { type: 'ABA_PATIENT_SAFETY', amount: 0 },
          ],
          topicHours: { ethics: 12 },
        },
        '2026-11-30',
      ),
    ).toEqual({
      completedOn: 'The date cannot be in the future.',
      'rows.0.amount': 'At most 8 can be claimed for this course.',
      'rows.1.amount': 'Enter an amount above 0.',
      'topicHours.ethics': 'At most 9: the smallest amount claimed.',
    });
    expect(
      validateClaim(
        { completedOn: '', rows: [{ type: 'AMA_PRA_1', amount: '' }], topicHours: {} },
        '2026-11-30',
      ),
    ).toEqual({
      completedOn: 'Enter the date you completed the activity.',
      rows: 'Claim an amount of at least one credit type.',
    });
  });

  it('puts the API’s field errors on the rows they came from, once each, as sentences', () => {
    expect(
      formErrorsOf(
        [
          { path: 'claimed[1].amount', message: 'ABA_PATIENT_SAFETY is claimed in steps of 0.25' },
          { path: 'claimed[0].topicHours.pain-management', message: 'must not exceed the amount (2)' },
          { path: 'claimed[1].topicHours.pain-management', message: 'must not exceed the amount (2)' },
          { path: 'activity.topics[1]', message: 'Invalid option' },
          { path: 'completedOn', message: 'must not be after 2026-11-30, today in your time zone' },
        ],
        [0, 2],
      ),
    ).toEqual({
      'rows.2.amount': 'ABA_PATIENT_SAFETY is claimed in steps of 0.25.',
      'topicHours.pain-management': 'Must not exceed the amount (2).',
      'activity.topics': 'Invalid option.',
      completedOn: 'Must not be after 2026-11-30, today in your time zone.',
    });
  });
});
