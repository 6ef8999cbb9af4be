import { randomUUID } from 'node:crypto';

import {
  asPractitioner,
  describeAuthorizationMatrix,
  everyCaller,
  staffOnly,
  type TestService,
  type ValidCaller,
} from '@cme/testing';
import request from 'supertest';

import { CREDIT_IMPORT_COLUMNS } from '../src/credit-imports/credit-import-format';
import { creditsService } from '../src/credits.module';
import { outsideCredit, sampleProfile } from './credits-test-support';

const BOUNDARY = 'matrix-boundary-7d1e';

/** A multipart/form-data upload of a small PDF of its own (each call another file), as a raw request. */
function certificateUpload() {
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: [
      `--${BOUNDARY}`,
      'Content-Disposition: form-data; name="file"; filename="certificate.pdf"',
      'Content-Type: application/pdf',
      '',
      `%PDF-1.7\n% ${randomUUID()}\n%%EOF`,
      `--${BOUNDARY}--`,
      '',
    ].join('\r\n'),
  };
}

/** A practitioner's own profile, credits and certificates, made through the API for each case. */
class CreditsFixtures {
  constructor(private readonly service: TestService) {}

  async profile(...practitionerIds: string[]): Promise<void> {
    for (const id of practitionerIds) {
      const response = await request(this.service.url)
        .put('/v1/practitioners/me')
        .set(asPractitioner(id))
        .send(sampleProfile());
      expect([200, 201]).toContain(response.status);
    }
  }

  async credit(practitionerId: string): Promise<string> {
    const created = await request(this.service.url)
      .post('/v1/practitioners/me/credits')
      .set(asPractitioner(practitionerId))
      .send(outsideCredit({}, { title: `Matrix ${randomUUID()}` }))
      .expect(201);
    return created.body.id as string;
  }

  /** Enough opioid training for the DEA MATE requirement to be met. */
  async mateTraining(practitionerId: string): Promise<void> {
    await request(this.service.url)
      .post('/v1/practitioners/me/credits')
      .set(asPractitioner(practitionerId))
      .send(
        outsideCredit({ claimed: [{ type: 'AMA_PRA_1', amount: 8 }] }, { title: `Matrix ${randomUUID()}` }),
      )
      .expect(201);
  }

  /** A calendar subscription of the practitioner's (who has a profile): its feed's path. */
  async calendarSubscription(practitionerId: string): Promise<string> {
    await this.profile(practitionerId);
    const created = await request(this.service.url)
      .post('/v1/practitioners/me/calendar-subscription')
      .set(asPractitioner(practitionerId))
      .expect(201);
    return created.body.path as string;
  }

  async certificate(practitionerId: string): Promise<string> {
    const { headers, body } = certificateUpload();
    const created = await request(this.service.url)
      .post('/v1/practitioners/me/certificates')
      .set(asPractitioner(practitionerId))
      .set(headers)
      .send(body)
      .expect(201);
    return created.body.id as string;
  }
}

/** `me` routes: practitioners get `status`, staff and admins (who have no ledger) 403. */
const practitionersOnly = (status: number): Record<ValidCaller, number> => ({
  practitionerSelf: status,
  otherPractitioner: status,
  staff: 403,
  admin: 403,
});

/** A `me` route about one of `practitionerSelf`'s own things: another practitioner cannot find it. */
const ownedBySelf = (status: number): Record<ValidCaller, number> => ({
  practitionerSelf: status,
  otherPractitioner: 404,
  staff: 403,
  admin: 403,
});

/** A `/{id}` route (SelfOrStaff) about `practitionerSelf`. */
const selfOrStaff = (status: number): Record<ValidCaller, number> => ({
  practitionerSelf: status,
  otherPractitioner: 403,
  staff: status,
  admin: status,
});

// Every route of the credits service × every kind of caller. A new route fails the suite until it has a row.
describeAuthorizationMatrix(creditsService, (service) => new CreditsFixtures(service), {
  'PUT /v1/practitioners/me': {
    // Each practitioner's profile exists already: the PUT replaces it.
    callers: practitionersOnly(200),
    request: async ({ fixtures, self, other }) => {
      await fixtures.profile(self, other);
      return { body: sampleProfile({ specialty: 'anesthesiology' }) };
    },
  },
  'GET /v1/practitioners/me': {
    callers: practitionersOnly(200),
    request: async ({ fixtures, self, other }) => {
      await fixtures.profile(self, other);
      return {};
    },
  },
  'GET /v1/practitioners/:id': {
    callers: selfOrStaff(200),
    request: async ({ fixtures, self }) => {
      await fixtures.profile(self);
      return { path: `/v1/practitioners/${self}` };
    },
  },
  'POST /v1/practitioners/me/credits': {
    callers: practitionersOnly(201),
    request: () => ({ body: outsideCredit({}, { title: `Matrix ${randomUUID()}` }) }),
  },
  'GET /v1/practitioners/me/credits': { callers: practitionersOnly(200) },
  'GET /v1/practitioners/me/credits/:creditId': {
    callers: ownedBySelf(200),
    request: async ({ fixtures, self }) => ({
      path: `/v1/practitioners/me/credits/${await fixtures.credit(self)}`,
    }),
  },
  'PATCH /v1/practitioners/me/credits/:creditId': {
    callers: ownedBySelf(200),
    request: async ({ fixtures, self }) => ({
      path: `/v1/practitioners/me/credits/${await fixtures.credit(self)}`,
      body: { completedOn: '2026-03-01' },
    }),
  },
  'DELETE /v1/practitioners/me/credits/:creditId': {
    callers: ownedBySelf(204),
    request: async ({ fixtures, self }) => ({
      path: `/v1/practitioners/me/credits/${await fixtures.credit(self)}`,
    }),
  },
  'GET /v1/practitioners/:id/credits': {
    callers: selfOrStaff(200),
    request: ({ self }) => ({ path: `/v1/practitioners/${self}/credits` }),
  },
  'POST /v1/practitioners/me/certificates': {
    callers: practitionersOnly(201),
    request: () => certificateUpload(),
  },
  'GET /v1/practitioners/me/certificates': { callers: practitionersOnly(200) },
  'GET /v1/practitioners/me/certificates/:certificateId': {
    callers: ownedBySelf(200),
    request: async ({ fixtures, self }) => ({
      path: `/v1/practitioners/me/certificates/${await fixtures.certificate(self)}`,
    }),
  },
  'GET /v1/practitioners/:id/certificates': {
    callers: selfOrStaff(200),
    request: ({ self }) => ({ path: `/v1/practitioners/${self}/certificates` }),
  },
  'GET /v1/practitioners/:id/certificates/:certificateId': {
    callers: selfOrStaff(200),
    request: async ({ fixtures, self }) => ({
      path: `/v1/practitioners/${self}/certificates/${await fixtures.certificate(self)}`,
    }),
  },
  'GET /v1/practitioners/me/compliance': {
    callers: practitionersOnly(200),
    request: async ({ fixtures, self, other }) => {
      await fixtures.profile(self, other);
      return {};
    },
  },
  'GET /v1/practitioners/me/recommendations': {
    callers: practitionersOnly(200),
    request: async ({ fixtures, self, other }) => {
      await fixtures.profile(self, other);
      return {};
    },
  },
  'GET /v1/practitioners/:id/compliance': {
    callers: selfOrStaff(200),
    request: async ({ fixtures, self }) => {
      await fixtures.profile(self);
      return { path: `/v1/practitioners/${self}/compliance` };
    },
  },
  'GET /v1/practitioners/me/transcript': {
    callers: practitionersOnly(200),
    request: async ({ fixtures, self, other }) => {
      await fixtures.profile(self, other);
      return { path: '/v1/practitioners/me/transcript?format=csv' };
    },
  },
  'GET /v1/practitioners/:id/transcript': {
    callers: selfOrStaff(200),
    request: async ({ fixtures, self }) => {
      await fixtures.profile(self);
      return { path: `/v1/practitioners/${self}/transcript?format=csv` };
    },
  },
  'GET /v1/practitioners/me/deadlines.ics': {
    callers: practitionersOnly(200),
    request: async ({ fixtures, self, other }) => {
      await fixtures.profile(self, other);
      return {};
    },
  },
  'POST /v1/practitioners/me/calendar-subscription': {
    callers: practitionersOnly(201),
    request: async ({ fixtures, self, other }) => {
      await fixtures.profile(self, other);
      return {};
    },
  },
  'DELETE /v1/practitioners/me/calendar-subscription': {
    // Each practitioner revokes their own (a practitioner without one gets 404: documents.int-spec.ts).
    callers: practitionersOnly(204),
    request: async ({ fixtures, self, other }) => {
      await fixtures.calendarSubscription(self);
      await fixtures.calendarSubscription(other);
      return {};
    },
  },
  'GET /v1/practitioners/me/credentials/:requirementId': {
    // practitionerSelf has met the requirement; otherPractitioner has a profile it applies to, not met.
    callers: { practitionerSelf: 200, otherPractitioner: 409, staff: 403, admin: 403 },
    request: async ({ fixtures, self, other }) => {
      await fixtures.profile(self, other);
      await fixtures.mateTraining(self);
      return { path: '/v1/practitioners/me/credentials/dea-mate-training' };
    },
  },
  // Calendar apps send no bearer token: the subscription address is the credential.
  'GET /v1/calendar/:token.ics': {
    everyone: 200,
    request: async ({ fixtures, self }) => ({ path: await fixtures.calendarSubscription(self) }),
  },
  // What a verifier of a credential needs, published to anyone.
  'GET /v1/credentials/jwks.json': { everyone: 200 },
  'GET /v1/credentials/issuer': { everyone: 200 },
  // The rule packs are public knowledge: every signed-in caller reads them.
  'GET /v1/requirements': { callers: everyCaller(200) },
  'GET /v1/requirements/:id': {
    callers: everyCaller(200),
    request: () => ({ path: '/v1/requirements/fl-physician-cme' }),
  },
  // A file of the header alone: read, nothing to record.
  'POST /v1/practitioners/me/credit-imports': {
    callers: practitionersOnly(200),
    request: () => ({ body: CREDIT_IMPORT_COLUMNS.join(','), headers: { 'content-type': 'text/csv' } }),
  },
  'GET /v1/credit-imports/template.csv': { callers: everyCaller(200) },
  'GET /v1/reports/compliance': {
    callers: staffOnly(200),
    request: async ({ fixtures, self }) => {
      await fixtures.profile(self);
      return { path: '/v1/reports/compliance?status=on-track&limit=5' };
    },
  },
});
