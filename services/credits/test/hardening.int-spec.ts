import { describeHardening } from '@cme/testing';

import { creditsService } from '../src/credits.module';

describeHardening(creditsService, {
  bodyRoute: {
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
});
