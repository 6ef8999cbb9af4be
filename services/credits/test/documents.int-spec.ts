import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';

import { asPractitioner, asStaff, startTestService, type TestService } from '@cme/testing';
import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import request from 'supertest';

import { creditsService } from '../src/credits.module';
import { outsideCredit, sampleProfile, withTodayIn } from './credits-test-support';

const TIMEZONE = 'America/Chicago';
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** supertest keeps a binary body as it came (a Buffer), whatever its type. */
function binary(response: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const stream = response as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/** The text and the attached files of a PDF, as pdf.js reads them. */
async function pdfContents(pdf: Buffer): Promise<{ text: string; attachments: Record<string, Buffer> }> {
  const child = promisify(execFile)(process.execPath, [path.join(__dirname, 'pdf-contents.mjs')], {
    maxBuffer: 16 * 1024 * 1024,
  });
  child.child.stdin!.end(pdf);
  const { text, attachments } = JSON.parse((await child).stdout) as {
    text: string;
    attachments: Record<string, string>;
  };
  return {
    text,
    attachments: Object.fromEntries(
      Object.entries(attachments).map(([name, content]) => [name, Buffer.from(content, 'base64')]),
    ),
  };
}

/** A CSV transcript's blocks (who and when, credits, requirements), each parsed. */
function csvBlocks(csv: string): string[][][] {
  return csv.split('\r\n\r\n').map((block) => parse(block, { relax_column_count: true }) as string[][]);
}

interface CalendarEvent {
  uid: string;
  summary: string;
  description: string;
  start: string;
  allDay: boolean;
}

/** The events of an iCalendar file, as ical.js parses them. */
function calendarEvents(ics: string): CalendarEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toString(),
      allDay: event.startDate.isDate,
    };
  });
}

describe('documents: transcript, deadlines calendar, credentials (real MongoDB-wire server)', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(creditsService);
  });

  afterAll(async () => {
    await service?.close();
  });

  const api = () => request(service.url);
  const newId = () => `p-${randomUUID()}`;

  async function practitionerWithProfile(name = 'Dana Reyes'): Promise<string> {
    const id = newId();
    await api()
      .put('/v1/practitioners/me')
      .set(asPractitioner(id))
      .send(sampleProfile({ name, timezone: TIMEZONE }))
      .expect(201);
    return id;
  }

  async function recordCredit(
    id: string,
    overrides: Record<string, unknown> = {},
    activity: Record<string, unknown> = {},
  ): Promise<string> {
    const created = await api()
      .post('/v1/practitioners/me/credits')
      .set(asPractitioner(id))
      .send(outsideCredit(overrides, activity))
      .expect(201);
    return created.body.id as string;
  }

  describe('transcript', () => {
    it('lists counted credits in the period with formula-looking cells escaped, and a summary per requirement', async () => {
      const id = await practitionerWithProfile('=Dana Reyes');
      await recordCredit(
        id,
        {
          completedOn: '2026-02-10',
          claimed: [{ type: 'AMA_PRA_1', amount: 8, topicHours: { 'opioid-prescribing': 8 } }],
        },
        { title: '=HYPERLINK("http://evil.example","click")', provider: '+SUM(A1:A2)', accreditor: 'ACCME' },
      );
      await recordCredit(id, { completedOn: '2026-03-05' }, { title: '@cmd', provider: '-2+3' });
      await recordCredit(id, { completedOn: '2026-03-06' }, { title: '\uFF1Dfullwidth', provider: 'Plain' });
      await recordCredit(id, { completedOn: '2025-06-01' }, { title: 'Before the period' });
      const voided = await recordCredit(id, { completedOn: '2026-02-20' }, { title: 'Voided later' });
      await api().delete(`/v1/practitioners/me/credits/${voided}`).set(asPractitioner(id)).expect(204);

      const response = await api()
        .get('/v1/practitioners/me/transcript?format=csv&from=2026-01-01&to=2026-06-30')
        .set(asPractitioner(id))
        .expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="transcript-.*\.csv"$/);
      const [about, credits, requirements] = csvBlocks(response.text);

      expect(about).toEqual(
        expect.arrayContaining([
          ['Transcript of', "'=Dana Reyes"],
          ['NPI', '1234567893'],
          ['Credits completed from', '2026-01-01'],
          ['Credits completed to', '2026-06-30'],
          ['SHA-256 of the transcript data', response.headers['x-transcript-sha256']],
        ]),
      );
      const [header, ...rows] = credits;
      expect(header).toEqual([
        'Completed on',
        'Activity',
        'Provider',
        'Accreditor',
        'Activity ID',
        'Format',
        'Credit type',
        'Amount',
        'Topic hours',
        'Certificate SHA-256',
        'Counts toward',
      ]);
      // Oldest first; the voided credit and the one before the period are not there.
      expect(rows.map((row) => [row[0], row[1], row[2]])).toEqual([
        ['2026-02-10', `'=HYPERLINK("http://evil.example","click")`, "'+SUM(A1:A2)"],
        ['2026-03-05', "'@cmd", "'-2+3"],
        ['2026-03-06', "'\uFF1Dfullwidth", 'Plain'],
      ]);
      expect(rows[0]).toEqual(expect.arrayContaining(['ACCME', 'AMA_PRA_1', '8', 'opioid-prescribing: 8']));
      // No cell of the file starts a formula.
      for (const row of [...about, ...credits, ...requirements]) {
        for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/);
      }
      expect(rows[0][10].split('; ')).toContain('dea-mate-training');

      const [requirementHeader, ...requirementRows] = requirements;
      expect(requirementHeader).toEqual([
        'Requirement',
        'Name',
        'Authority',
        'Cycle start',
        'Cycle end',
        'Deadline',
        'Status',
        'Required',
        'Earned',
        'Remaining',
        'Earned in period',
      ]);
      const mate = requirementRows.find((row) => row[0] === 'dea-mate-training');
      // 8 + 2 + 2 hours in the period, and 2 before it (a one-time requirement counts training of any date).
      expect(mate?.slice(6)).toEqual(['met', '8', '14', '0', '12']);
    });

    it('is a PDF with the name, NPI, date of issue and the digest of its data, which is attached to it', async () => {
      const id = await practitionerWithProfile();
      await recordCredit(
        id,
        { completedOn: '2026-03-14', claimed: [{ type: 'AMA_PRA_1', amount: 3 }] },
        { title: 'Opioid tapering in practice', provider: 'State Pain Society', accreditor: 'ACCME' },
      );
      const { response, today } = await withTodayIn([TIMEZONE], async ([today]) => ({
        today,
        response: await api()
          .get('/v1/practitioners/me/transcript?format=pdf')
          .set(asPractitioner(id))
          .buffer(true)
          .parse(binary)
          .expect(200),
      }));
      expect(response.headers['content-type']).toBe('application/pdf');
      const pdf = response.body as Buffer;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const digest = response.headers['x-transcript-sha256'] as string;
      expect(digest).toMatch(/^[0-9a-f]{64}$/);

      const { text, attachments } = await pdfContents(pdf);
      expect(text).toContain('Practitioner: Dana Reyes');
      expect(text).toContain('NPI: 1234567893');
      expect(text).toContain(`Date of issue: ${today}`);
      expect(text).toContain(digest);
      expect(text).toMatch(
        /2026-03-14\s+Opioid tapering in practice \(State Pain Society, accredited by ACCME\)/,
      );
      expect(text).toContain('AMA_PRA_1 3');

      // What a reviewer does: hash the attached data and compare it with the digest printed on the transcript.
      const data = attachments['transcript.json'];
      expect(sha256(data)).toBe(digest);
      const transcript = JSON.parse(data.toString('utf8'));
      expect(transcript).toMatchObject({
        practitioner: { id, name: 'Dana Reyes', npi: '1234567893' },
        issuedOn: today,
        credits: [{ activity: 'Opioid tapering in practice', creditType: 'AMA_PRA_1', amount: 3 }],
      });
      expect(text).toContain(`Requirements evaluated as of ${transcript.asOf}`);
    });

    it('gives the same digest for the same data, and evaluates the requirements as of the end of a past period', async () => {
      const id = await practitionerWithProfile();
      await recordCredit(id, { completedOn: '2025-05-01' });
      const get = () =>
        api()
          .get('/v1/practitioners/me/transcript?format=csv&to=2025-12-31')
          .set(asPractitioner(id))
          .expect(200);
      // Both on one day: the date of issue is part of the data.
      const [first, second] = await withTodayIn([TIMEZONE], async () => [await get(), await get()]);
      expect(second.headers['x-transcript-sha256']).toBe(first.headers['x-transcript-sha256']);
      const [about] = csvBlocks(first.text);
      expect(about).toContainEqual(['Requirements evaluated as of', '2025-12-31']);
    });

    it('refuses a reversed period, an unknown format, and a practitioner without a profile', async () => {
      const id = await practitionerWithProfile();
      const reversed = await api()
        .get('/v1/practitioners/me/transcript?from=2026-05-01&to=2026-01-01')
        .set(asPractitioner(id))
        .expect(400);
      expect(reversed.headers['content-type']).toContain('application/problem+json');
      expect(reversed.body.code).toBe('period-reversed');
      await api().get('/v1/practitioners/me/transcript?format=docx').set(asPractitioner(id)).expect(400);
      await api().get('/v1/practitioners/me/transcript?from=2026-13-01').set(asPractitioner(id)).expect(400);
      const missing = await api()
        .get('/v1/practitioners/me/transcript')
        .set(asPractitioner(newId()))
        .expect(404);
      expect(missing.body.code).toBe('profile-missing');
    });

    it('is for staff and the practitioner themself by id, not for another practitioner', async () => {
      const id = await practitionerWithProfile();
      await recordCredit(id, {}, { title: 'Seen by staff' });
      const byStaff = await api()
        .get(`/v1/practitioners/${id}/transcript?format=csv`)
        .set(asStaff())
        .expect(200);
      expect(csvBlocks(byStaff.text)[1][1][1]).toBe('Seen by staff');
      await api().get(`/v1/practitioners/${id}/transcript?format=csv`).set(asPractitioner(id)).expect(200);
      const other = await practitionerWithProfile();
      await api().get(`/v1/practitioners/${id}/transcript`).set(asPractitioner(other)).expect(403);
      await api().get('/v1/practitioners/me/transcript').set(asStaff()).expect(403);
    });
  });

  describe('deadlines calendar', () => {
    it('has one event per upcoming deadline with the remaining hours, under UIDs that do not change', async () => {
      const id = await practitionerWithProfile();
      const { first, compliance, today } = await withTodayIn([TIMEZONE], async ([today]) => ({
        today,
        first: await api().get('/v1/practitioners/me/deadlines.ics').set(asPractitioner(id)).expect(200),
        compliance: await api().get('/v1/practitioners/me/compliance').set(asPractitioner(id)).expect(200),
      }));
      expect(first.headers['content-type']).toBe('text/calendar; charset=utf-8');
      const events = calendarEvents(first.text);
      const upcoming = (
        compliance.body.requirements as { id: string; deadline: string; remaining: number; name: string }[]
      ).filter((requirement) => requirement.deadline >= today);
      expect(upcoming.length).toBeGreaterThan(0);
      expect(events).toHaveLength(upcoming.length);
      for (const requirement of upcoming) {
        const event = events.find((candidate) => candidate.summary.startsWith(`${requirement.name}:`));
        expect(event).toMatchObject({ start: requirement.deadline, allDay: true });
        expect(event?.description).toContain(`Remaining: ${requirement.remaining} hours`);
      }
      expect(new Set(events.map((event) => event.uid)).size).toBe(events.length);

      // A credit changes what remains, not which events there are.
      await recordCredit(id, { completedOn: '2026-03-14', claimed: [{ type: 'AMA_PRA_1', amount: 5 }] });
      const again = calendarEvents(
        (await api().get('/v1/practitioners/me/deadlines.ics').set(asPractitioner(id)).expect(200)).text,
      );
      expect(again.map((event) => event.uid).sort()).toEqual(events.map((event) => event.uid).sort());

      // Another practitioner's events are others.
      const other = await practitionerWithProfile();
      const theirs = calendarEvents(
        (await api().get('/v1/practitioners/me/deadlines.ics').set(asPractitioner(other)).expect(200)).text,
      );
      expect(theirs.some((event) => events.some((mine) => mine.uid === event.uid))).toBe(false);
    });

    it('is served at a subscription address without a bearer token until revoked or replaced', async () => {
      const id = await practitionerWithProfile();
      const subscribed = await api()
        .post('/v1/practitioners/me/calendar-subscription')
        .set(asPractitioner(id))
        .expect(201);
      const { url, path: feed, token } = subscribed.body as { url: string; path: string; token: string };
      expect(url).toBe(`${service.url}${feed}`);
      expect(feed).toBe(`/v1/calendar/${token}.ics`);

      const mine = await api().get('/v1/practitioners/me/deadlines.ics').set(asPractitioner(id)).expect(200);
      const polled = await api().get(feed).expect(200);
      expect(polled.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(calendarEvents(polled.text).map((event) => event.uid)).toEqual(
        calendarEvents(mine.text).map((event) => event.uid),
      );

      // Forged: another token id under this token's MAC, a token altered, or not one of ours at all.
      const bytes = Buffer.from(token, 'base64url');
      const forged = Buffer.concat([randomBytes(16), bytes.subarray(16)]).toString('base64url');
      const altered = Buffer.from(bytes.map((byte, index) => (index === 31 ? byte ^ 1 : byte))).toString(
        'base64url',
      );
      for (const path of [
        `/v1/calendar/${forged}.ics`,
        `/v1/calendar/${altered}.ics`,
        `/v1/calendar/not-a-token.ics`,
      ]) {
        const refused = await api().get(path).expect(401);
        expect(refused.headers['content-type']).toContain('application/problem+json');
        expect(refused.body.code).toBe('calendar-token-invalid');
      }

      // A new address replaces the former one.
      const replaced = await api()
        .post('/v1/practitioners/me/calendar-subscription')
        .set(asPractitioner(id))
        .expect(201);
      const stale = await api().get(feed).expect(404);
      expect(stale.headers['content-type']).toContain('application/problem+json');
      expect(stale.body.code).toBe('calendar-subscription-revoked');
      await api().get(replaced.body.path).expect(200);

      // Revoked: the address answers 404; revoking twice finds nothing to revoke.
      await api().delete('/v1/practitioners/me/calendar-subscription').set(asPractitioner(id)).expect(204);
      expect((await api().get(replaced.body.path).expect(404)).body.code).toBe(
        'calendar-subscription-revoked',
      );
      const twice = await api()
        .delete('/v1/practitioners/me/calendar-subscription')
        .set(asPractitioner(id))
        .expect(404);
      expect(twice.body.code).toBe('calendar-subscription-missing');
    });
    it('keeps one subscription per practitioner when two are asked for at once', async () => {
      const id = await practitionerWithProfile();
      const subscribe = () =>
        api().post('/v1/practitioners/me/calendar-subscription').set(asPractitioner(id)).expect(201);
      const answers = await Promise.all([subscribe(), subscribe()]);
      const statuses = await Promise.all(
        answers.map(async (answer) => (await api().get(answer.body.path as string)).status),
      );
      expect(statuses.sort()).toEqual([200, 404]);
    });
  });

  describe('Open Badges credential', () => {
    it('of a met requirement is signed with a key the issuer publishes', async () => {
      const id = await practitionerWithProfile();
      await recordCredit(id, {
        completedOn: '2026-03-14',
        claimed: [{ type: 'AMA_PRA_1', amount: 8, topicHours: { 'opioid-prescribing': 8 } }],
      });
      const response = await api()
        .get('/v1/practitioners/me/credentials/dea-mate-training')
        .set(asPractitioner(id))
        .expect(200);
      const { credential, jwt } = response.body as { credential: Record<string, unknown>; jwt: string };
      expect(credential).toMatchObject({
        '@context': [
          'https://www.w3.org/ns/credentials/v2',
          'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
        ],
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        issuer: { id: `${service.url}/v1/credentials/issuer`, type: ['Profile'] },
        credentialSubject: {
          type: ['AchievementSubject'],
          identifier: expect.arrayContaining([
            expect.objectContaining({ identityType: 'identifier', identityHash: 'NPI 1234567893' }),
          ]),
          achievement: {
            type: ['Achievement'],
            humanCode: 'dea-mate-training',
            name: 'DEA MATE Act: one-time 8 hours on substance use disorders',
            creditsAvailable: 8,
          },
          creditsEarned: 8,
        },
      });

      // A verifier: the issuer's published keys, the key named by the JWT's kid, EdDSA.
      const jwks = (await api().get('/v1/credentials/jwks.json').expect(200)).body as JSONWebKeySet;
      expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
      expect(jwks.keys[0]).not.toHaveProperty('d');
      expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'EdDSA', kid: jwks.keys[0].kid });
      const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), {
        issuer: `${service.url}/v1/credentials/issuer`,
      });
      expect(payload).toMatchObject({ ...credential, jti: credential.id });

      // The same signature over a payload that claims more hours does not verify.
      const [header, , signature] = jwt.split('.');
      const inflated = {
        ...payload,
        credentialSubject: { ...(payload.credentialSubject as object), creditsEarned: 80 },
      };
      const tampered = [header, Buffer.from(JSON.stringify(inflated)).toString('base64url'), signature].join(
        '.',
      );
      await expect(jwtVerify(tampered, createLocalJWKSet(jwks))).rejects.toThrow();

      const issuer = await api().get('/v1/credentials/issuer').expect(200);
      expect(issuer.body).toMatchObject({
        id: `${service.url}/v1/credentials/issuer`,
        type: ['Profile'],
        publicKeys: `${service.url}/v1/credentials/jwks.json`,
      });
    });

    it('is refused for a requirement not met (409) and one that does not apply (404)', async () => {
      const id = await practitionerWithProfile();
      const notMet = await api()
        .get('/v1/practitioners/me/credentials/dea-mate-training')
        .set(asPractitioner(id))
        .expect(409);
      expect(notMet.headers['content-type']).toContain('application/problem+json');
      expect(notMet.body.code).toBe('requirement-not-met');
      const other = await api()
        .get('/v1/practitioners/me/credentials/fl-physician-cme')
        .set(asPractitioner(id))
        .expect(404);
      expect(other.body.code).toBe('requirement-not-applicable');
    });
  });
});
