import { describeAuthorizationMatrix } from '@cme/testing';

import { creditsService } from '../src/credits.module';

/** A well-formed claim of a course the service has never heard of: a practitioner gets 422, not 403. */
const claimOfUnknownCourse = {
  courseId: 'course-unknown-to-credits',
  completedOn: '2026-10-01',
  claimed: [{ type: 'AMA_PRA_1', amount: 1 }],
};

// Every route of the credits service × every kind of caller. A new route fails the suite until it has a row.
describeAuthorizationMatrix(creditsService, () => ({}), {
  'POST /v1/practitioners/me/credits': {
    callers: { practitionerSelf: 422, otherPractitioner: 422, staff: 403, admin: 403 },
    request: () => ({ body: claimOfUnknownCourse }),
  },
});
