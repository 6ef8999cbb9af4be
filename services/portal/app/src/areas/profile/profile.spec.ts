import { draftOf, missingFields, type Profile, profileInputOf, shownPaths } from './profile';

const profile: Profile = {
  id: 'demo-practitioner',
  version: 3,
  updatedAt: '2026-11-30T08:00:00.000Z',
  name: 'Dr. Alex Rivera',
  email: 'dr.rivera@example.org',
  profession: 'physician',
  specialty: 'pain-medicine',
  npi: '1234567893',
  birthMonth: 4,
  birthDay: 12,
  timezone: 'America/Chicago',
  licenses: [
    { state: 'TX', number: 'TX-Q4821', issuedOn: '2014-06-01', expiresOn: '2027-04-30', renewalNumber: 6 },
  ],
  boards: [
    { board: 'ABA', specialty: 'pain-medicine', certifiedSince: '2016-01-01', mocParticipation: true },
  ],
  dea: { number: 'AB1234563', registeredOn: '2024-01-01', expiresOn: '2027-01-31', states: ['TX'] },
  flags: { directPatientCare: true, painClinic: true },
  exemptions: ['mate-recent-graduate'],
};

describe('the profile form', () => {
  it('sends back every field it does not edit, and none of what the service keeps', () => {
    const input = profileInputOf(draftOf(profile));
    const { id: _id, version: _version, updatedAt: _updatedAt, ...expected } = profile;
    expect(input).toEqual(expected);
  });

  it('leaves out empty optional fields and a DEA registration the practitioner does not hold', () => {
    const draft = draftOf(profile);
    const input = profileInputOf({
      ...draft,
      email: '',
      npi: '',
      timezone: '',
      hasDea: false,
      boards: draft.boards.map((board) => ({
        ...board,
        value: { ...board.value, cycleStart: '', cycleEnd: '' },
      })),
    });
    expect(input).not.toHaveProperty('email');
    expect(input).not.toHaveProperty('npi');
    expect(input).not.toHaveProperty('timezone');
    expect(input.dea).toBeNull();
    expect(input.boards[0]).toEqual({
      board: 'ABA',
      specialty: 'pain-medicine',
      certifiedSince: '2016-01-01',
      mocParticipation: true,
    });
  });

  it('starts a first-time profile empty and names the fields it needs', () => {
    const draft = draftOf(undefined);
    expect(draft.licenses).toEqual([]);
    expect(draft.hasDea).toBe(false);
    const withRow = {
      ...draft,
      name: 'A',
      licenses: [{ key: 1, value: { state: 'TX', number: '', expiresOn: '' } }],
    };
    expect(missingFields(withRow).map((error) => error.path)).toEqual([
      'profession',
      'specialty',
      'licenses[0].number',
      'licenses[0].expiresOn',
    ]);
    expect(shownPaths(withRow).has('licenses[0].firstRenewal')).toBe(true);
    expect(shownPaths(withRow).has('licenses[0].issuedOn')).toBe(false);
  });
});
