import { type DomainEvent, LedgerEventTypes } from '@cme/contracts';
import { type Caller } from '@cme/platform';

import { type CatalogCourse, CatalogCourseRepository } from '../catalog-courses/catalog-course.repository';
import { CertificateStore } from '../certificates/certificate-store';
import { type Practitioner } from '../practitioners/practitioner';
import { PractitionerProfileService } from '../practitioners/practitioner-profile.service';
import { type CreditEntry } from './credit-entry';
import { type CatalogCreditClaim, type OutsideCredit } from './credit-entry.dto';
import { CreditEntryRepository } from './credit-entry.repository';
import { LedgerService } from './ledger.service';

jest.mock('./credit-entry.repository');
jest.mock('../catalog-courses/catalog-course.repository');
jest.mock('../certificates/certificate-store');
jest.mock('../practitioners/practitioner-profile.service');

/** An instance of an automocked class: every method a jest.fn answering undefined until told otherwise. */
function automocked<T>(mockedClass: abstract new (...args: never[]) => T): jest.Mocked<T> {
  return new (mockedClass as unknown as new () => T)() as jest.Mocked<T>;
}

const caller: Caller = { id: 'p1', roles: ['practitioner'], email: 'token@example.org', name: 'Token Name' };
const NOW = new Date('2026-06-01T12:00:00.000Z');

const outside = (overrides: Partial<OutsideCredit> = {}): OutsideCredit => ({
  activity: { title: 'Opioid tapering', provider: 'State Pain Society', format: 'live', topics: ['ethics'] },
  completedOn: '2026-03-14',
  claimed: [{ type: 'AMA_PRA_1', amount: 2 }],
  ...overrides,
});

const course: CatalogCourse = {
  id: 'c1',
  version: 3,
  status: 'published',
  title: 'Buprenorphine in chronic pain',
  provider: { name: 'Pain Society', accreditor: 'ACCME', accreditationId: 'ACCME-1' },
  format: 'internet-enduring',
  topics: ['opioid-prescribing'],
  credits: [{ type: 'AMA_PRA_1', amount: 8 }],
  professions: ['physician'],
  updatedAt: NOW,
};

function stored(overrides: Partial<CreditEntry> = {}): CreditEntry {
  const at = new Date('2026-05-01T00:00:00.000Z');
  return {
    id: 'e1',
    practitionerId: 'p1',
    version: 1,
    source: 'outside',
    activity: {
      title: 'Opioid tapering',
      provider: 'State Pain Society',
      format: 'live',
      topics: ['ethics'],
    },
    completedOn: '2026-03-14',
    claimed: [{ type: 'AMA_PRA_1', amount: 2 }],
    voided: false,
    history: [{ at, by: 'p1', action: 'recorded' }],
    recordedAt: at,
    updatedAt: at,
    ...overrides,
  };
}

function practitioner(profile: Partial<Practitioner['profile']> = {}): Practitioner {
  return {
    id: 'p1',
    version: 1,
    profile: {
      name: 'Dana Reyes',
      profession: 'physician',
      specialty: 'pain-medicine',
      timezone: 'America/Chicago',
      licenses: [],
      boards: [],
      dea: null,
      flags: { directPatientCare: true, painClinic: false },
      ...profile,
    },
    createdAt: NOW,
    updatedAt: NOW,
  };
}

describe('LedgerService', () => {
  let entries: jest.Mocked<CreditEntryRepository>;
  let courses: jest.Mocked<CatalogCourseRepository>;
  let certificates: jest.Mocked<CertificateStore>;
  let profiles: jest.Mocked<PractitionerProfileService>;
  let ledger: LedgerService;

  beforeEach(() => {
    entries = automocked(CreditEntryRepository);
    courses = automocked(CatalogCourseRepository);
    certificates = automocked(CertificateStore);
    profiles = automocked(PractitionerProfileService);
    entries.findOne.mockResolvedValue(null);
    entries.findDuplicateCandidates.mockResolvedValue([]);
    entries.insert.mockResolvedValue(true);
    entries.saveIfVersion.mockResolvedValue(true);
    profiles.find.mockResolvedValue(null);
    ledger = new LedgerService(entries, courses, certificates, profiles, 'credits');
  });

  /** The entry and events of the one insert. */
  const inserted = (): [CreditEntry, DomainEvent[]] => {
    expect(entries.insert).toHaveBeenCalledTimes(1);
    const [entry, events] = entries.insert.mock.calls[0];
    return [entry, [...events]];
  };
  const saved = (): [CreditEntry, number, DomainEvent[]] => {
    expect(entries.saveIfVersion).toHaveBeenCalledTimes(1);
    const [entry, version, events] = entries.saveIfVersion.mock.calls[0];
    return [entry, version, [...events]];
  };

  describe('record', () => {
    it('records an outside activity with its history and a credit-recorded event to the token’s address', async () => {
      const { entry, created } = await ledger.record(caller, outside(), undefined, NOW);
      expect(created).toBe(true);
      const [written, events] = inserted();
      expect(written).toEqual(entry);
      expect(entry).toMatchObject({
        practitionerId: 'p1',
        version: 1,
        source: 'outside',
        voided: false,
        history: [{ at: NOW, by: 'p1', action: 'recorded' }],
        recordedAt: NOW,
      });
      expect(entry).not.toHaveProperty('idempotency');
      expect(events).toEqual([
        expect.objectContaining({
          type: LedgerEventTypes.creditRecorded,
          subject: 'p1',
          source: 'credits',
          data: expect.objectContaining({
            creditId: entry.id,
            recipient: { email: 'token@example.org', name: 'Token Name' },
          }),
        }),
      ]);
    });

    it('confirms to the profile’s address and name over the token’s', async () => {
      profiles.find.mockResolvedValue(practitioner({ email: 'dana@clinic.example.org' }));
      await ledger.record(caller, outside(), undefined, NOW);
      expect(inserted()[1][0].data).toMatchObject({
        recipient: { email: 'dana@clinic.example.org', name: 'Dana Reyes' },
      });
    });

    it('names no recipient when neither the profile nor the token has an address', async () => {
      await ledger.record({ id: 'p1', roles: ['practitioner'] }, outside(), undefined, NOW);
      expect(inserted()[1][0].data).not.toHaveProperty('recipient');
    });

    describe('Idempotency-Key', () => {
      it('derives the entry id from the practitioner and key, and keeps a digest of the request', async () => {
        const first = await ledger.record(caller, outside(), 'key-00000001', NOW);
        const again = await ledger.record({ ...caller, id: 'p2' }, outside(), 'key-00000001', NOW);
        expect(first.entry.id).toMatch(/^[0-9a-f]{32}$/);
        expect(again.entry.id).not.toBe(first.entry.id);
        expect(first.entry.idempotency).toEqual({ key: 'key-00000001', requestDigest: expect.any(String) });
      });

      /** The database refuses a second entry with the first one's id. */
      const storedAlready = (first: CreditEntry) => {
        entries.insert.mockClear();
        entries.insert.mockResolvedValue(false);
        entries.findOne.mockResolvedValue(first);
      };

      it('answers a retry with the same request with the stored entry, recording nothing', async () => {
        await ledger.record(caller, outside(), 'key-00000001', NOW);
        const [first] = inserted();
        storedAlready(first);
        // Fields in another order: the same request.
        const reordered: OutsideCredit = {
          claimed: [{ amount: 2, type: 'AMA_PRA_1' }],
          completedOn: '2026-03-14',
          activity: {
            topics: ['ethics'],
            format: 'live',
            provider: 'State Pain Society',
            title: 'Opioid tapering',
          },
        };
        const retry = await ledger.record(caller, reordered, 'key-00000001', NOW);
        expect(retry).toEqual({ entry: first, created: false });
        expect(entries.findOne).toHaveBeenCalledWith('p1', first.id);
        // The same id as the first: the database refused it.
        expect(inserted()[0].id).toBe(first.id);
      });

      it('refuses the key with another request (422), recording nothing', async () => {
        await ledger.record(caller, outside(), 'key-00000001', NOW);
        const [first] = inserted();
        storedAlready(first);
        await expect(
          ledger.record(caller, outside({ completedOn: '2026-03-15' }), 'key-00000001', NOW),
        ).rejects.toMatchObject({ code: 'idempotency-key-reused', kind: 'unprocessable' });
        expect(inserted()[0].id).toBe(first.id);
      });

      it('answers a retry with the stored entry even when the request would be refused now', async () => {
        await ledger.record(caller, outside(), 'key-00000001', NOW);
        const [first] = inserted();
        storedAlready(first);
        // A refusal the first request did not get: here, a clock before the completion date.
        const retry = await ledger.record(
          caller,
          outside(),
          'key-00000001',
          new Date('2026-03-01T00:00:00Z'),
        );
        expect(retry).toEqual({ entry: first, created: false });
        expect(entries.insert).not.toHaveBeenCalled();
        // Without a key, the same request is refused.
        await expect(
          ledger.record(caller, outside(), undefined, new Date('2026-03-01T00:00:00Z')),
        ).rejects.toMatchObject({ code: 'completed-in-the-future' });
      });

      it('answers with the entry of a concurrent retry that was stored first', async () => {
        entries.insert.mockResolvedValue(false);
        let winner: CreditEntry | undefined;
        entries.findOne.mockImplementation(async () => winner ?? null);
        entries.insert.mockImplementation(async (entry) => {
          winner = { ...entry, recordedAt: new Date(0) };
          return false;
        });
        const outcome = await ledger.record(caller, outside(), 'key-00000001', NOW);
        expect(outcome).toEqual({ entry: winner, created: false });
      });

      it('refuses a concurrent request with the same key and another body', async () => {
        entries.insert.mockImplementation(async (entry) => {
          entries.findOne.mockResolvedValue({
            ...entry,
            idempotency: { key: 'key-00000001', requestDigest: 'other' },
          });
          return false;
        });
        await expect(ledger.record(caller, outside(), 'key-00000001', NOW)).rejects.toMatchObject({
          code: 'idempotency-key-reused',
        });
      });
    });

    describe('completion dates', () => {
      // 2026-06-01T10:30Z: 00:30 on 2 June at Kiritimati (UTC+14), 23:30 on 31 May at Pago Pago (UTC−11).
      const aroundMidnight = new Date('2026-06-01T10:30:00.000Z');

      it.each<[string, string, string, boolean]>([
        ['Pacific/Kiritimati', '2026-06-02', 'today there', true],
        ['Pacific/Kiritimati', '2026-06-03', 'tomorrow there', false],
        ['Pacific/Pago_Pago', '2026-05-31', 'today there', true],
        ['Pacific/Pago_Pago', '2026-06-01', 'tomorrow there', false],
        ['Pacific/Pago_Pago', '2026-06-02', "Kiritimati's today", false],
      ])('in %s, %s (%s) is accepted: %p', async (timezone, completedOn, _, accepted) => {
        profiles.find.mockResolvedValue(practitioner({ timezone }));
        const recording = ledger.record(caller, outside({ completedOn }), undefined, aroundMidnight);
        if (accepted) await expect(recording).resolves.toMatchObject({ created: true });
        else {
          await expect(recording).rejects.toMatchObject({
            code: 'completed-in-the-future',
            kind: 'validation',
          });
          expect(entries.insert).not.toHaveBeenCalled();
        }
      });

      it('without a profile, takes the latest today anywhere (UTC+14)', async () => {
        await expect(
          ledger.record(caller, outside({ completedOn: '2026-06-02' }), undefined, aroundMidnight),
        ).resolves.toMatchObject({ created: true });
        await expect(
          ledger.record(caller, outside({ completedOn: '2026-06-03' }), undefined, aroundMidnight),
        ).rejects.toMatchObject({ code: 'completed-in-the-future' });
      });
    });

    describe('catalog claims', () => {
      const claim = (overrides: Partial<CatalogCreditClaim> = {}): CatalogCreditClaim => ({
        courseId: 'c1',
        completedOn: '2026-03-14',
        claimed: [{ type: 'AMA_PRA_1', amount: 8 }],
        ...overrides,
      });

      it('copies the course’s details', async () => {
        courses.findById.mockResolvedValue(course);
        const { entry } = await ledger.record(caller, claim(), undefined, NOW);
        expect(entry).toMatchObject({
          source: 'catalog',
          activity: {
            courseId: 'c1',
            courseVersion: 3,
            title: course.title,
            provider: 'Pain Society',
            accreditor: 'ACCME',
            activityId: 'ACCME-1',
            format: course.format,
            topics: course.topics,
          },
        });
      });

      it.each<[string, CatalogCourse | null]>([
        ['an unknown course', null],
        ['a retired course', { ...course, status: 'retired' }],
      ])('refuses %s (422)', async (_, known) => {
        courses.findById.mockResolvedValue(known);
        await expect(ledger.record(caller, claim(), undefined, NOW)).rejects.toMatchObject({
          code: 'course-not-in-catalog',
        });
      });

      it('refuses more than designated, a type not designated and topic hours of other topics, naming each', async () => {
        courses.findById.mockResolvedValue(course);
        await expect(
          ledger.record(
            caller,
            claim({
              claimed: [
                { type: 'AMA_PRA_1', amount: 8.25, topicHours: { ethics: 1, 'opioid-prescribing': 1 } },
                { type: 'ANCC_CH', amount: 1 },
              ],
            }),
            undefined,
            NOW,
          ),
        ).rejects.toMatchObject({
          code: 'claim-exceeds-course',
          options: {
            errors: [
              { path: 'claimed[0].amount', message: 'at most 8 AMA_PRA_1 can be claimed' },
              { path: 'claimed[0].topicHours.ethics', message: 'is not a topic of the course' },
              { path: 'claimed[1].type', message: 'the course designates no ANCC_CH credit' },
            ],
          },
        });
      });
    });

    it('carries the certificate’s hash, and refuses a certificate that is not on file', async () => {
      certificates.find.mockResolvedValue({
        id: 'f'.repeat(24),
        sha256: 'a'.repeat(64),
        contentType: 'application/pdf',
        size: 10,
        uploadedAt: NOW,
      });
      const { entry } = await ledger.record(
        caller,
        outside({ certificateId: 'f'.repeat(24) }),
        undefined,
        NOW,
      );
      expect(certificates.find).toHaveBeenCalledWith('p1', 'f'.repeat(24));
      expect(entry.certificate).toEqual({ id: 'f'.repeat(24), sha256: 'a'.repeat(64) });

      certificates.find.mockResolvedValue(undefined);
      await expect(
        ledger.record(caller, outside({ certificateId: 'e'.repeat(24) }), undefined, NOW),
      ).rejects.toMatchObject({ code: 'certificate-not-found' });
    });

    it('flags a possible duplicate from the candidates the repository offers, and stores it anyway', async () => {
      const earlier = stored({ id: 'e0' });
      entries.findDuplicateCandidates.mockResolvedValue([earlier]);
      const { entry } = await ledger.record(caller, outside(), undefined, NOW);
      expect(entries.findDuplicateCandidates).toHaveBeenCalledWith(
        expect.objectContaining({ practitionerId: 'p1', completedOn: '2026-03-14' }),
      );
      expect(entry.possibleDuplicateOf).toBe('e0');
      expect(inserted()[1][0].data).toMatchObject({ possibleDuplicateOf: 'e0' });
    });
  });

  describe('correct', () => {
    it('records who changed which field from what to what, and publishes credit-corrected', async () => {
      const current = stored();
      entries.findOne.mockResolvedValue(current);
      const corrected = await ledger.correct(
        caller,
        'e1',
        { completedOn: '2026-03-01', activity: { title: 'Opioid tapering, part 1' } },
        NOW,
      );
      const [entry, version, events] = saved();
      expect(version).toBe(1);
      expect(entry).toEqual(corrected);
      expect(corrected).toMatchObject({
        version: 2,
        completedOn: '2026-03-01',
        activity: { ...current.activity, title: 'Opioid tapering, part 1' },
        updatedAt: NOW,
      });
      expect(corrected.history).toEqual([
        ...current.history,
        {
          at: NOW,
          by: 'p1',
          action: 'corrected',
          changes: [
            { field: 'completedOn', before: '2026-03-14', after: '2026-03-01' },
            { field: 'activity', before: current.activity, after: corrected.activity },
          ],
        },
      ]);
      expect(events).toEqual([
        expect.objectContaining({
          type: LedgerEventTypes.creditCorrected,
          data: expect.objectContaining({
            version: 2,
            correctedAt: NOW.toISOString(),
            changedFields: ['completedOn', 'activity'],
          }),
        }),
      ]);
    });

    it('writes nothing for a correction that changes nothing', async () => {
      const current = stored();
      entries.findOne.mockResolvedValue(current);
      expect(await ledger.correct(caller, 'e1', { completedOn: current.completedOn }, NOW)).toBe(current);
      expect(entries.saveIfVersion).not.toHaveBeenCalled();
    });

    it.each<[string, Partial<CreditEntry>, Parameters<LedgerService['correct']>[2], string]>([
      ['a voided entry', { voided: true }, { completedOn: '2026-03-01' }, 'credit-voided'],
      [
        'a catalog claim’s activity',
        { source: 'catalog' },
        { activity: { title: 'Mine' } },
        'catalog-activity-fixed',
      ],
      ['a date after today', {}, { completedOn: '2026-06-03' }, 'completed-in-the-future'],
      ['confirmedDistinct of an entry not flagged', {}, { confirmedDistinct: true }, 'credit-not-flagged'],
    ])('refuses to correct %s', async (_, state, correction, code) => {
      entries.findOne.mockResolvedValue(stored(state));
      await expect(ledger.correct(caller, 'e1', correction, NOW)).rejects.toMatchObject({ code });
      expect(entries.saveIfVersion).not.toHaveBeenCalled();
    });

    it('answers 404 for an entry not in the caller’s ledger', async () => {
      await expect(ledger.correct(caller, 'e9', { completedOn: '2026-03-01' }, NOW)).rejects.toMatchObject({
        code: 'credit-not-found',
      });
      expect(entries.findOne).toHaveBeenCalledWith('p1', 'e9');
    });

    it('checks corrected amounts of a catalog claim against the course', async () => {
      entries.findOne.mockResolvedValue(
        stored({ source: 'catalog', activity: { ...stored().activity, courseId: 'c1' } }),
      );
      courses.findById.mockResolvedValue(course);
      await expect(
        ledger.correct(caller, 'e1', { claimed: [{ type: 'AMA_PRA_1', amount: 9 }] }, NOW),
      ).rejects.toMatchObject({ code: 'claim-exceeds-course' });
    });

    it('resolves a possible duplicate with confirmedDistinct: flag cleared, the entry remembered as distinct', async () => {
      entries.findOne.mockResolvedValue(stored({ possibleDuplicateOf: 'e0' }));
      // The other entry still looks the same: only the confirmation keeps it from being flagged again.
      entries.findDuplicateCandidates.mockResolvedValue([stored({ id: 'e0' })]);
      const confirmed = await ledger.correct(caller, 'e1', { confirmedDistinct: true }, NOW);
      expect(confirmed).not.toHaveProperty('possibleDuplicateOf');
      expect(confirmed.distinctFrom).toEqual(['e0']);
      expect(confirmed.history.at(-1)).toEqual({ at: NOW, by: 'p1', action: 'confirmed-distinct' });
      const [, , events] = saved();
      expect(events[0].data).toMatchObject({ changedFields: ['possibleDuplicateOf'] });
      expect(events[0].data).not.toHaveProperty('possibleDuplicateOf');
    });

    it('sets the flag when a correction makes the entry repeat another, and clears it when it no longer does', async () => {
      entries.findOne.mockResolvedValue(stored());
      entries.findDuplicateCandidates.mockResolvedValue([stored({ id: 'e0', completedOn: '2026-03-01' })]);
      const matching = await ledger.correct(caller, 'e1', { completedOn: '2026-03-01' }, NOW);
      expect(matching.possibleDuplicateOf).toBe('e0');

      entries.saveIfVersion.mockClear();
      entries.findOne.mockResolvedValue(matching);
      entries.findDuplicateCandidates.mockResolvedValue([]);
      const apart = await ledger.correct(caller, 'e1', { completedOn: '2026-03-02' }, NOW);
      expect(apart).not.toHaveProperty('possibleDuplicateOf');
    });

    it('detaches the certificate with null', async () => {
      const certificate = { id: 'f'.repeat(24), sha256: 'a'.repeat(64) };
      entries.findOne.mockResolvedValue(stored({ certificate }));
      const detached = await ledger.correct(caller, 'e1', { certificateId: null }, NOW);
      expect(detached).not.toHaveProperty('certificate');
      expect(detached.history.at(-1)?.changes).toEqual([
        { field: 'certificate', before: certificate, after: null },
      ]);
    });

    it('refuses (409) when the entry changed between read and write', async () => {
      entries.findOne.mockResolvedValue(stored());
      entries.saveIfVersion.mockResolvedValue(false);
      await expect(ledger.correct(caller, 'e1', { completedOn: '2026-03-01' }, NOW)).rejects.toMatchObject({
        code: 'credit-changed',
      });
    });
  });

  describe('void', () => {
    it('keeps the entry, voided, with its history, and publishes credit-voided', async () => {
      entries.findOne.mockResolvedValue(stored());
      await ledger.void(caller, 'e1', NOW);
      const [entry, version, events] = saved();
      expect(version).toBe(1);
      expect(entry).toMatchObject({ version: 2, voided: true, voidedAt: NOW });
      expect(entry.history.at(-1)).toEqual({ at: NOW, by: 'p1', action: 'voided' });
      expect(events).toEqual([
        expect.objectContaining({
          type: LedgerEventTypes.creditVoided,
          data: { creditId: 'e1', practitionerId: 'p1', version: 2, voidedAt: NOW.toISOString() },
        }),
      ]);
    });

    it('changes nothing when voided already', async () => {
      entries.findOne.mockResolvedValue(stored({ voided: true, voidedAt: NOW }));
      await ledger.void(caller, 'e1', NOW);
      expect(entries.saveIfVersion).not.toHaveBeenCalled();
    });

    it('answers 404 for an entry not in the caller’s ledger, 409 when it changed meanwhile', async () => {
      await expect(ledger.void(caller, 'e9', NOW)).rejects.toMatchObject({ code: 'credit-not-found' });
      entries.findOne.mockResolvedValue(stored());
      entries.saveIfVersion.mockResolvedValue(false);
      await expect(ledger.void(caller, 'e1', NOW)).rejects.toMatchObject({ code: 'credit-changed' });
    });
  });
});
