import { formatPath } from '@cme/platform';

import { PractitionerProfileInputSchema } from './practitioner.dto';

const license = { state: 'TX', number: 'TX-1', issuedOn: '2015-06-01', expiresOn: '2027-04-30' };
const board = { board: 'ABA', specialty: 'pain-medicine', cycleStart: '2026-01-01', cycleEnd: '2035-12-31' };
const dea = { number: 'AB1234563', registeredOn: '2024-01-01', expiresOn: '2027-01-31' };
const profile = (overrides: Record<string, unknown> = {}) => ({
  name: 'Dana Reyes',
  profession: 'physician',
  specialty: 'pain-medicine',
  licenses: [license],
  boards: [board],
  dea,
  ...overrides,
});

function errorPaths(value: unknown): string[] {
  const result = PractitionerProfileInputSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => formatPath(issue.path));
}

describe('practitioner profile DTO', () => {
  it('fills what a practitioner need not type: no DEA registration, flags off, no licenses or boards', () => {
    expect(
      PractitionerProfileInputSchema.parse({ name: 'Sam', profession: 'NP', specialty: 'pain' }),
    ).toEqual({
      name: 'Sam',
      profession: 'nurse-practitioner',
      specialty: 'pain',
      licenses: [],
      boards: [],
      dea: null,
      flags: { directPatientCare: false, painClinic: false },
    });
  });

  it.each([
    ['MD', 'physician'],
    ['do', 'osteopathic-physician'],
    [' Np ', 'nurse-practitioner'],
    ['PA', 'physician-assistant'],
    ['PharmD', 'pharmacist'],
    ['fellow', 'fellow'],
    ['osteopathic-physician', 'osteopathic-physician'],
  ])('reads the profession %p as %p', (profession, code) => {
    expect(PractitionerProfileInputSchema.parse(profile({ profession })).profession).toBe(code);
  });

  it('reads state, board and DEA codes in any case', () => {
    const parsed = PractitionerProfileInputSchema.parse(
      profile({
        licenses: [{ ...license, state: ' tx ' }],
        boards: [{ ...board, board: 'aba' }],
        dea: { ...dea, number: 'ab1234563', states: ['ny'] },
      }),
    );
    expect(parsed.licenses[0].state).toBe('TX');
    expect(parsed.boards[0].board).toBe('ABA');
    expect(parsed.dea).toMatchObject({ number: 'AB1234563', states: ['NY'] });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a birth day without a month', { birthDay: 5 }, ['birthMonth']],
    ['30 February', { birthMonth: 2, birthDay: 30 }, ['birthDay']],
    ['31 April', { birthMonth: 4, birthDay: 31 }, ['birthDay']],
    ['an NPI with a wrong check digit', { npi: '1234567890' }, ['npi']],
    ['an unknown time zone', { timezone: 'America/Atlantis' }, ['timezone']],
    [
      'a license issued when it expires',
      { licenses: [{ ...license, issuedOn: license.expiresOn }] },
      ['licenses[0].issuedOn'],
    ],
    [
      'a first renewal that is renewal 2',
      { licenses: [{ ...license, firstRenewal: true, renewalNumber: 2 }] },
      ['licenses[0].firstRenewal'],
    ],
    [
      'a later renewal that is renewal 1',
      { licenses: [{ ...license, firstRenewal: false, renewalNumber: 1 }] },
      ['licenses[0].firstRenewal'],
    ],
    [
      'a board cycle ending as it starts',
      { boards: [{ ...board, cycleEnd: board.cycleStart }] },
      ['boards[0].cycleEnd'],
    ],
    [
      'a DEA registration from after it expires',
      { dea: { ...dea, registeredOn: dea.expiresOn } },
      ['dea.registeredOn'],
    ],
    ['a DEA number of an unknown registrant type', { dea: { ...dea, number: 'QB1234563' } }, ['dea.number']],
    ['an exemption code with spaces', { exemptions: ['recent graduate'] }, ['exemptions[0]']],
  ])('refuses %s', (_, change, paths) => {
    expect(errorPaths(profile(change))).toEqual(paths);
  });

  it('accepts 29 February, and a first renewal that is renewal 1', () => {
    expect(
      errorPaths(
        profile({
          birthMonth: 2,
          birthDay: 29,
          licenses: [{ ...license, firstRenewal: true, renewalNumber: 1 }],
        }),
      ),
    ).toEqual([]);
  });

  it('refuses the same license twice, whatever the case of its number, naming the later one', () => {
    expect(
      errorPaths(
        profile({
          licenses: [
            license,
            { ...license, state: 'CA' },
            { ...license, number: 'tx-1', expiresOn: '2029-04-30' },
          ],
        }),
      ),
    ).toEqual(['licenses[2].number']);
  });
});
