import { describeHardening } from '@cme/testing';

import { creditsService } from '../src/credits.module';
import { outsideCredit, sampleProfile } from './credits-test-support';

describeHardening(creditsService, {
  // An outside activity: every string of it (title, provider, topics, dates, types) is tried as an operator.
  bodyRoute: {
    method: 'post',
    path: '/v1/practitioners/me/credits',
    roles: ['practitioner'],
    body: outsideCredit(
      { claimed: [{ type: 'ANCC_CH', amount: 2.5, topicHours: { pharmacology: 0.5 } }] },
      { accreditor: 'ANCC', activityId: 'AANP-22-104', approvals: ['ny-approved-infection-control'] },
    ),
    accepted: 201,
  },
  otherBodyRoutes: [
    {
      // The deepest body: licenses, boards and the DEA registration, each value tried as an operator.
      method: 'put',
      path: '/v1/practitioners/me',
      roles: ['practitioner'],
      body: sampleProfile({ email: 'dana@clinic.example.org', timezone: 'America/Chicago' }),
      // Each case is a practitioner of its own: their first PUT.
      accepted: 201,
    },
    {
      method: 'post',
      path: '/v1/practitioners/me/credits',
      roles: ['practitioner'],
      body: {
        courseId: 'course-unknown-to-credits',
        completedOn: '2026-10-01',
        claimed: [{ type: 'AMA_PRA_1', amount: 1 }],
      },
      // Well-formed, so it passes validation; the course is unknown to the service.
      accepted: 422,
    },
  ],
});
