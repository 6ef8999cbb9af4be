import { PractitionerEventTypes } from '@cme/contracts';
import { type Caller } from '@cme/platform';

import { type Practitioner } from './practitioner';
import { type PractitionerProfileInput, PractitionerProfileInputSchema } from './practitioner.dto';
import { PractitionerProfileService } from './practitioner-profile.service';
import { PractitionerRepository } from './practitioner.repository';

jest.mock('./practitioner.repository');

const caller: Caller = { id: 'p1', roles: ['practitioner'], email: 'token@example.org' };
const NOW = new Date('2026-06-01T12:00:00.000Z');
const LATER = new Date('2026-06-02T12:00:00.000Z');

const input = (overrides: Record<string, unknown> = {}): PractitionerProfileInput =>
  PractitionerProfileInputSchema.parse({
    name: 'Dana Reyes',
    profession: 'DO',
    specialty: 'pain-medicine',
    licenses: [{ state: 'TX', number: 'TX-1', expiresOn: '2027-04-30' }],
    ...overrides,
  });

describe('PractitionerProfileService', () => {
  let practitioners: jest.Mocked<PractitionerRepository>;
  let profiles: PractitionerProfileService;

  beforeEach(() => {
    practitioners = new (
      PractitionerRepository as unknown as new () => PractitionerRepository
    )() as jest.Mocked<PractitionerRepository>;
    practitioners.findById.mockResolvedValue(null);
    practitioners.insert.mockResolvedValue(true);
    practitioners.saveIfVersion.mockResolvedValue(true);
    profiles = new PractitionerProfileService(practitioners, 'credits');
  });

  /** The practitioner the first save stored, as the repository would answer it after. */
  async function registered(overrides: Record<string, unknown> = {}): Promise<Practitioner> {
    const { practitioner } = await profiles.save(caller, input(overrides), NOW);
    practitioners.insert.mockClear();
    practitioners.findById.mockResolvedValue(practitioner);
    return practitioner;
  }

  it('registers a new practitioner at version 1 with a registered event carrying the full snapshot', async () => {
    const { practitioner, created } = await profiles.save(caller, input(), NOW);
    expect(created).toBe(true);
    expect(practitioner).toMatchObject({ id: 'p1', version: 1, createdAt: NOW, updatedAt: NOW });
    expect(practitioners.insert).toHaveBeenCalledWith(practitioner, [
      expect.objectContaining({
        type: PractitionerEventTypes.registered,
        subject: 'p1',
        source: 'credits',
        data: expect.objectContaining({
          id: 'p1',
          version: 1,
          name: 'Dana Reyes',
          profession: 'osteopathic-physician',
          licenses: [{ state: 'TX', number: 'TX-1', expiresOn: '2027-04-30' }],
          dea: null,
          updatedAt: NOW.toISOString(),
        }),
      }),
    ]);
    expect(practitioners.saveIfVersion).not.toHaveBeenCalled();
  });

  it('writes nothing when the profile is unchanged', async () => {
    const current = await registered();
    const outcome = await profiles.save(caller, input(), LATER);
    expect(outcome).toEqual({ practitioner: current, created: false });
    expect(practitioners.insert).not.toHaveBeenCalled();
    expect(practitioners.saveIfVersion).not.toHaveBeenCalled();
  });

  it('replaces a changed profile as the next version, with an updated event, conditional on the version read', async () => {
    await registered();
    const { practitioner, created } = await profiles.save(
      caller,
      input({ specialty: 'anesthesiology' }),
      LATER,
    );
    expect(created).toBe(false);
    expect(practitioner).toMatchObject({ version: 2, createdAt: NOW, updatedAt: LATER });
    expect(practitioners.saveIfVersion).toHaveBeenCalledWith(practitioner, 1, [
      expect.objectContaining({
        type: PractitionerEventTypes.updated,
        data: expect.objectContaining({ version: 2, specialty: 'anesthesiology' }),
      }),
    ]);
  });

  it('answers the winner of a racing first save without writing again', async () => {
    const theirs = await registered();
    practitioners.findById.mockReset();
    practitioners.findById.mockResolvedValueOnce(null).mockResolvedValueOnce(theirs);
    practitioners.insert.mockResolvedValue(false);
    const outcome = await profiles.save(caller, input(), LATER);
    expect(outcome).toEqual({ practitioner: theirs, created: false });
    expect(practitioners.saveIfVersion).not.toHaveBeenCalled();
  });

  it('tries again from the newer version when another save won, and gives up (409) after three tries', async () => {
    await registered();
    practitioners.saveIfVersion.mockResolvedValueOnce(false);
    const { practitioner } = await profiles.save(caller, input({ specialty: 'anesthesiology' }), LATER);
    expect(practitioner.version).toBe(2);
    expect(practitioners.saveIfVersion).toHaveBeenCalledTimes(2);

    practitioners.saveIfVersion.mockReset();
    practitioners.saveIfVersion.mockResolvedValue(false);
    await expect(profiles.save(caller, input({ specialty: 'neurology' }), LATER)).rejects.toMatchObject({
      code: 'profile-changed',
      kind: 'conflict',
    });
    expect(practitioners.saveIfVersion).toHaveBeenCalledTimes(3);
  });

  describe('defaults', () => {
    it("takes the token's address when the profile names none, and the profile's own over it", async () => {
      expect((await profiles.save(caller, input(), NOW)).practitioner.profile.email).toBe(
        'token@example.org',
      );
      const own = await profiles.save(caller, input({ email: 'dana@clinic.example.org' }), NOW);
      expect(own.practitioner.profile.email).toBe('dana@clinic.example.org');
      const none = await profiles.save({ id: 'p2', roles: ['practitioner'] }, input(), NOW);
      expect(none.practitioner.profile).not.toHaveProperty('email');
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['its own', { timezone: 'Pacific/Kiritimati' }, 'Pacific/Kiritimati'],
      ["its first license's state's", {}, 'America/Chicago'],
      ['New York time without a license', { licenses: [] }, 'America/New_York'],
    ])('takes %s time zone', async (_, overrides, timezone) => {
      const { practitioner } = await profiles.save(caller, input(overrides), NOW);
      expect(practitioner.profile.timezone).toBe(timezone);
    });
  });
});
