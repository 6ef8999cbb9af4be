import { randomUUID } from 'node:crypto';

import { LedgerEventTypes, PractitionerEventTypes, PractitionerSnapshotSchema, Topics } from '@cme/contracts';
import { localIssuer } from '@cme/local-runtime';
import { asPractitioner, asStaff, EventTap, startTestService, type TestService } from '@cme/testing';
import request from 'supertest';

import { creditsService } from '../src/credits.module';
import { errorPaths, outsideCredit, publishedEvents, sampleProfile } from './credits-test-support';

/** Headers of a practitioner whose token carries `email` exactly as given (any JSON value). */
function withEmailClaim(id: string, email: unknown): Record<string, string> {
  return {
    authorization: `Bearer ${localIssuer().mintToken({ sub: id, roles: ['practitioner'] }, { email })}`,
  };
}

describe('practitioner profile (real MongoDB-wire server and Kafka)', () => {
  let service: TestService;
  let practitionerTap: EventTap;
  let ledgerTap: EventTap;

  beforeAll(async () => {
    // The service provisions its topics at start-up; the taps can only subscribe to topics that exist.
    service = await startTestService(creditsService);
    [practitionerTap, ledgerTap] = await Promise.all([
      EventTap.open(Topics.practitioners),
      EventTap.open(Topics.ledger),
    ]);
  });

  afterAll(async () => {
    await service?.close();
    await Promise.all([practitionerTap?.close(), ledgerTap?.close()]);
  });

  const api = () => request(service.url);
  const newId = () => `p-${randomUUID()}`;
  const put = (headers: Record<string, string>, body: object) =>
    api().put('/v1/practitioners/me').set(headers).send(body);

  describe('validation (400 with the field named)', () => {
    const license = sampleProfile().licenses[0];
    const board = sampleProfile().boards[0];
    const dea = sampleProfile().dea;

    it.each<[string, Record<string, unknown>, string]>([
      ['an NPI with a wrong check digit', { npi: '1234567890' }, 'npi'],
      ['an NPI of nine digits', { npi: '123456789' }, 'npi'],
      ['an NPI with a letter', { npi: '12345678a3' }, 'npi'],
      ['a DEA number with a wrong check digit', { dea: { ...dea, number: 'AB1234564' } }, 'dea.number'],
      // Q is no DEA registrant type, though the digits check out.
      ['a DEA number of an unknown registrant type', { dea: { ...dea, number: 'QB1234563' } }, 'dea.number'],
      ['a profession outside the vocabulary', { profession: 'dentist' }, 'profession'],
      [
        'a state that is not a US jurisdiction',
        { licenses: [{ ...license, state: 'XX' }] },
        'licenses[0].state',
      ],
      [
        'a DEA state that is not a US jurisdiction',
        { dea: { ...dea, states: ['TX', 'ZZ'] } },
        'dea.states[1]',
      ],
      [
        'a license issued after it expires',
        { licenses: [{ ...license, issuedOn: '2028-01-01' }] },
        'licenses[0].issuedOn',
      ],
      [
        'a license issued the day it expires',
        { licenses: [{ ...license, issuedOn: license.expiresOn }] },
        'licenses[0].issuedOn',
      ],
      [
        'a board cycle that ends before it starts',
        { boards: [{ ...board, cycleStart: '2030-01-01', cycleEnd: '2029-12-31' }] },
        'boards[0].cycleEnd',
      ],
      [
        'a DEA registration that starts after it expires',
        { dea: { ...dea, registeredOn: '2028-01-01' } },
        'dea.registeredOn',
      ],
      ['a birth day without a birth month', { birthMonth: undefined, birthDay: 12 }, 'birthMonth'],
      ['a birth day the month does not have', { birthMonth: 2, birthDay: 30 }, 'birthDay'],
      ['a birth month 13', { birthMonth: 13, birthDay: undefined }, 'birthMonth'],
      [
        'the same license twice',
        { licenses: [license, { ...license, expiresOn: '2029-04-30', renewalNumber: undefined }] },
        'licenses[1].number',
      ],
      [
        'a first-renewal flag contradicting the renewal number',
        { licenses: [{ ...license, firstRenewal: true, renewalNumber: 3 }] },
        'licenses[0].firstRenewal',
      ],
      [
        'a timestamp for a date',
        { licenses: [{ ...license, expiresOn: '2027-04-30T00:00:00Z' }] },
        'licenses[0].expiresOn',
      ],
      ['a time zone that does not exist', { timezone: 'Mars/Olympus_Mons' }, 'timezone'],
      ['a UTC offset for a time zone', { timezone: '+05:00' }, 'timezone'],
      ['a name with a control character', { name: 'Dana\u0007 Reyes' }, 'name'],
      ['a name with a lone surrogate', { name: 'Dana \uD800Reyes' }, 'name'],
      ['an empty name', { name: '   ' }, 'name'],
      ['a malformed email', { email: 'dana.reyes' }, 'email'],
    ])('refuses %s', async (_, change, path) => {
      const response = await put(asPractitioner(newId()), { ...sampleProfile(), ...change }).expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(errorPaths(response.body)).toEqual([path]);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['at the top', { nickname: 'D' }, ''],
      ['in a license', { licenses: [{ ...license, verified: true }] }, 'licenses[0]'],
      ['in a board', { boards: [{ ...board, score: 99 }] }, 'boards[0]'],
      ['in the DEA registration', { dea: { ...dea, schedule: 'II' } }, 'dea'],
      ['in the flags', { flags: { directPatientCare: true, painClinic: false, admin: true } }, 'flags'],
    ])('refuses an unknown field %s', async (_, change, path) => {
      const response = await put(asPractitioner(newId()), { ...sampleProfile(), ...change }).expect(400);
      expect(response.body.errors).toEqual([
        {
          path,
          message: expect.stringMatching(/^unknown field\(s\): (nickname|verified|score|schedule|admin)$/),
        },
      ]);
    });

    it('refuses a profile without its required fields, naming each', async () => {
      const response = await put(asPractitioner(newId()), {}).expect(400);
      expect(errorPaths(response.body).sort()).toEqual(['name', 'profession', 'specialty']);
    });

    it.each([
      ['DO', 'osteopathic-physician'],
      ['np', 'nurse-practitioner'],
      [' PA ', 'physician-assistant'],
      ['MD', 'physician'],
      ['pharmacist', 'pharmacist'],
      ['Fellow', 'fellow'],
    ])('reads the profession %p as %p', async (profession, code) => {
      const response = await put(asPractitioner(newId()), sampleProfile({ profession })).expect(201);
      expect(response.body.profession).toBe(code);
    });

    it('normalises codes, keeps 29 February as a birthday and takes a DEA number without its states', async () => {
      const response = await put(
        asPractitioner(newId()),
        sampleProfile({
          birthMonth: 2,
          birthDay: 29,
          licenses: [{ state: 'ca', number: 'A 1', expiresOn: '2027-02-28', firstRenewal: true }],
          boards: [{ board: 'abpmr', specialty: 'Pain Medicine' }],
          dea: { number: 'fr4123458', expiresOn: '2027-01-31' },
        }),
      ).expect(201);
      expect(response.body).toMatchObject({
        birthMonth: 2,
        birthDay: 29,
        licenses: [{ state: 'CA', number: 'A 1', expiresOn: '2027-02-28', firstRenewal: true }],
        boards: [{ board: 'ABPMR', specialty: 'Pain Medicine' }],
        dea: { number: 'FR4123458', expiresOn: '2027-01-31' },
      });
    });

    it.each([
      ['its own IANA time zone', { timezone: 'Pacific/Kiritimati' }, 'Pacific/Kiritimati'],
      ["its first license's state's", {}, 'America/Chicago'],
      [
        "its first license's state's, not a later one's",
        {
          licenses: [
            { state: 'AS', number: 'AS-1', expiresOn: '2027-01-31' },
            { state: 'TX', number: 'TX-1', expiresOn: '2027-01-31' },
          ],
        },
        'Pacific/Pago_Pago',
      ],
      ['New York time without a license', { licenses: [] }, 'America/New_York'],
    ])('takes %s as the time zone', async (_, change, timezone) => {
      const response = await put(asPractitioner(newId()), sampleProfile(change)).expect(201);
      expect(response.body.timezone).toBe(timezone);
    });

    it('takes a profile without DEA registration, boards or licenses (dea: null, flags off)', async () => {
      const response = await put(asPractitioner(newId()), {
        name: 'Sam Okafor',
        profession: 'NP',
        specialty: 'pain-management',
      }).expect(201);
      expect(response.body).toMatchObject({
        licenses: [],
        boards: [],
        dea: null,
        flags: { directPatientCare: false, painClinic: false },
      });
    });
  });

  describe('PUT and GET me', () => {
    it('answers 404 before a profile exists, 201 for the first PUT, 200 after, and GET shows it', async () => {
      const id = newId();
      const me = asPractitioner(id, `${id}@example.org`);
      const missing = await api().get('/v1/practitioners/me').set(me).expect(404);
      expect(missing.body).toMatchObject({ status: 404, code: 'profile-missing' });

      const created = await put(me, sampleProfile()).expect(201);
      expect(created.body).toEqual({
        ...sampleProfile(),
        id,
        version: 1,
        email: `${id}@example.org`,
        timezone: 'America/Chicago',
        updatedAt: expect.any(String),
      });
      expect(PractitionerSnapshotSchema.parse(created.body)).toEqual(created.body);
      expect((await api().get('/v1/practitioners/me').set(me).expect(200)).body).toEqual(created.body);

      const again = await put(me, sampleProfile()).expect(200);
      expect(again.body).toEqual(created.body);

      const changed = await put(me, sampleProfile({ specialty: 'anesthesiology', dea: null })).expect(200);
      expect(changed.body).toMatchObject({ version: 2, specialty: 'anesthesiology', dea: null });
      expect((await api().get('/v1/practitioners/me').set(me).expect(200)).body).toEqual(changed.body);
    });

    it('registers a practitioner once when first PUTs race (one 201, the others 200, one event)', async () => {
      const id = newId();
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => put(asPractitioner(id), sampleProfile())),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(new Set(responses.map((response) => response.body.updatedAt)).size).toBe(1);
      const events = await publishedEvents(service, practitionerTap, id);
      expect(events.map((event) => event.type)).toEqual([PractitionerEventTypes.registered]);
    });

    it('removes what a later PUT leaves out (the PUT is the whole profile)', async () => {
      const me = asPractitioner(newId());
      await put(
        me,
        sampleProfile({ timezone: 'America/Denver', exemptions: ['mate-recent-graduate'] }),
      ).expect(201);
      const replaced = await put(me, { ...sampleProfile(), npi: undefined, birthDay: undefined }).expect(200);
      expect(replaced.body).not.toHaveProperty('npi');
      expect(replaced.body).not.toHaveProperty('birthDay');
      expect(replaced.body).not.toHaveProperty('exemptions');
      expect(replaced.body.timezone).toBe('America/Chicago');
    });

    it('publishes registered, then updated, each with the full snapshot; a PUT that changes nothing publishes nothing', async () => {
      const id = newId();
      const me = asPractitioner(id);
      const registered = (await put(me, sampleProfile()).expect(201)).body;
      await put(me, sampleProfile()).expect(200);
      const updated = (
        await put(me, sampleProfile({ flags: { directPatientCare: false, painClinic: true } })).expect(200)
      ).body;
      await put(me, sampleProfile({ flags: { directPatientCare: false, painClinic: true } })).expect(200);

      const events = await publishedEvents(service, practitionerTap, id);
      expect(events).toEqual([
        expect.objectContaining({
          type: PractitionerEventTypes.registered,
          source: 'credits',
          subject: id,
          data: registered,
        }),
        expect.objectContaining({ type: PractitionerEventTypes.updated, subject: id, data: updated }),
      ]);
      expect(updated.version).toBe(2);
    });
  });

  describe('GET /v1/practitioners/{id}', () => {
    it('answers the practitioner themself and staff; 403 to another practitioner; 404 for an unknown id', async () => {
      const id = newId();
      const profile = (await put(asPractitioner(id), sampleProfile()).expect(201)).body;
      expect((await api().get(`/v1/practitioners/${id}`).set(asPractitioner(id)).expect(200)).body).toEqual(
        profile,
      );
      expect((await api().get(`/v1/practitioners/${id}`).set(asStaff()).expect(200)).body).toEqual(profile);
      const refused = await api().get(`/v1/practitioners/${id}`).set(asPractitioner(newId())).expect(403);
      expect(refused.body.code).toBe('not-self-or-staff');
      const unknown = await api().get(`/v1/practitioners/${newId()}`).set(asStaff()).expect(404);
      expect(unknown.body.code).toBe('practitioner-not-found');
      // A practitioner without a profile asking for their own: 404, not 403.
      const fresh = newId();
      await api().get(`/v1/practitioners/${fresh}`).set(asPractitioner(fresh)).expect(404);
    });
  });

  describe('email for mail', () => {
    /** Records a credit as this caller (201, never a 500); its credit-recorded event names no recipient. */
    async function expectRecordedWithoutRecipient(id: string, headers: Record<string, string>) {
      const credit = await api()
        .post('/v1/practitioners/me/credits')
        .set(headers)
        .send(outsideCredit())
        .expect(201);
      const recorded = await ledgerTap.waitFor((event) => event.subject === id);
      expect(recorded.data).toMatchObject({ creditId: credit.body.id });
      expect(recorded.data).not.toHaveProperty('recipient');
    }

    it("takes the token's email as the default when the profile gives none", async () => {
      const id = newId();
      const response = await put(asPractitioner(id, 'from-token@example.org'), sampleProfile()).expect(201);
      expect(response.body.email).toBe('from-token@example.org');
    });

    it("keeps the profile's own email over the token's, in the profile and in the credit-recorded event", async () => {
      const id = newId();
      const me = asPractitioner(id, 'from-token@example.org', 'Token Name');
      const response = await put(me, sampleProfile({ email: 'dana@clinic.example.org' })).expect(201);
      expect(response.body.email).toBe('dana@clinic.example.org');
      const credit = await api()
        .post('/v1/practitioners/me/credits')
        .set(me)
        .send(outsideCredit())
        .expect(201);
      const recorded = await ledgerTap.waitFor((event) => event.subject === id);
      expect(recorded).toMatchObject({
        type: LedgerEventTypes.creditRecorded,
        data: {
          creditId: credit.body.id,
          recipient: { email: 'dana@clinic.example.org', name: 'Dana Reyes' },
        },
      });
    });

    it.each<[string, unknown]>([
      ['an internationalised local part', 'dána@example.org'],
      ['an internationalised domain', 'dana@exämple.org'],
      ['a list of addresses in one string', 'dana@example.org, sam@example.org'],
      ['a JSON list of addresses', ['dana@example.org', 'sam@example.org']],
      ['a header injection', 'dana@example.org\r\nBcc: all@example.org'],
      ['a NUL character', 'dana\u0000@example.org'],
      ['a lone surrogate', 'dana\uD800@example.org'],
      ['an address longer than 254 characters', `${'d'.repeat(250)}@example.org`],
      ['a number', 42],
      ['an object', { address: 'dana@example.org' }],
      ['an empty string', ''],
    ])('ignores a token email claim with %s (never a 500)', async (_, claim) => {
      const id = newId();
      const headers = withEmailClaim(id, claim);
      const created = await put(headers, sampleProfile()).expect(201);
      expect(created.body).not.toHaveProperty('email');
      await api().get('/v1/practitioners/me').set(headers).expect(200);
      await api().get(`/v1/practitioners/${id}`).set(headers).expect(200);
      await expectRecordedWithoutRecipient(id, headers);

      const withOwn = await put(headers, sampleProfile({ email: 'dana@clinic.example.org' })).expect(200);
      expect(withOwn.body.email).toBe('dana@clinic.example.org');
    });

    it('records a credit for a caller without a profile with a malformed claim (no recipient, no 500)', async () => {
      const id = newId();
      await expectRecordedWithoutRecipient(id, withEmailClaim(id, 'not an address'));
    });
  });
});
