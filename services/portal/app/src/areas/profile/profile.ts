import { type FieldError } from '../../api/api-client';

/**
 * The credits service's practitioner profile (`GET`/`PUT /v1/practitioners/me`). The form edits some fields
 * and carries the others (issue dates, renewal numbers, exemptions…) through unchanged: `PUT` replaces the
 * whole profile, so a field left out would be deleted.
 */
export interface License {
  state: string;
  number: string;
  expiresOn: string;
  firstRenewal?: boolean;
  issuedOn?: string;
  renewalNumber?: number;
}

export interface Board {
  board: string;
  specialty: string;
  cycleStart?: string;
  cycleEnd?: string;
  certifiedSince?: string;
  mocParticipation?: boolean;
  lifetimeCertificate?: boolean;
}

export interface DeaRegistration {
  number: string;
  expiresOn: string;
  registeredOn?: string;
  states?: string[];
}

export interface ProfileInput {
  name: string;
  email?: string;
  profession: string;
  specialty: string;
  npi?: string;
  birthMonth?: number;
  birthDay?: number;
  timezone?: string;
  licenses: License[];
  boards: Board[];
  dea: DeaRegistration | null;
  flags: { directPatientCare: boolean; painClinic: boolean; geriatricPractice?: boolean };
  exemptions?: string[];
}

/** What `GET` answers: the input plus what the service keeps. */
export interface Profile extends ProfileInput {
  id: string;
  version: number;
  updatedAt: string;
}

/** A row of an editable list, with a key that stays with it while rows above it come and go. */
export interface Row<T> {
  key: number;
  value: T;
}

let lastKey = 0;
export const row = <T>(value: T): Row<T> => ({ key: (lastKey += 1), value });

/** The form's state: optional text empty as '', the DEA fields kept while "no registration" is chosen. */
export interface ProfileDraft extends Omit<ProfileInput, 'licenses' | 'boards' | 'dea'> {
  email: string;
  npi: string;
  timezone: string;
  licenses: Row<License>[];
  boards: Row<Board>[];
  hasDea: boolean;
  dea: DeaRegistration;
}

export const PROFESSIONS = [
  { value: 'physician', label: 'Physician (MD)' },
  { value: 'osteopathic-physician', label: 'Osteopathic physician (DO)' },
  { value: 'physician-assistant', label: 'Physician assistant' },
  { value: 'nurse-practitioner', label: 'Nurse practitioner' },
  { value: 'pharmacist', label: 'Pharmacist' },
  { value: 'fellow', label: 'Fellow' },
];

export const newLicense = (): License => ({ state: '', number: '', expiresOn: '' });
export const newBoard = (): Board => ({ board: '', specialty: '' });

/** The form for a profile, or an empty form for a first-time profile. */
export function draftOf(profile: Profile | undefined): ProfileDraft {
  if (!profile) {
    return {
      name: '',
      email: '',
      profession: '',
      specialty: '',
      npi: '',
      timezone: '',
      licenses: [],
      boards: [],
      hasDea: false,
      dea: { number: '', expiresOn: '' },
      flags: { directPatientCare: false, painClinic: false },
    };
  }
  const { id: _id, version: _version, updatedAt: _updatedAt, licenses, boards, dea, ...rest } = profile;
  return {
    ...rest,
    email: profile.email ?? '',
    npi: profile.npi ?? '',
    timezone: profile.timezone ?? '',
    licenses: licenses.map(row),
    boards: boards.map(row),
    hasDea: dea !== null,
    dea: dea ?? { number: '', expiresOn: '' },
  };
}

/** Without its empty optional text fields: an empty date is "not given", which the API spells by absence. */
function withoutEmpty<T extends object>(value: T, optional: readonly (keyof T)[]): T {
  const copy = { ...value };
  for (const key of optional) if (copy[key] === '') delete copy[key];
  return copy;
}

/** The `PUT` body of the form. */
export function profileInputOf(draft: ProfileDraft): ProfileInput {
  const { hasDea, dea, licenses, boards, ...rest } = draft;
  return withoutEmpty(
    {
      ...rest,
      licenses: licenses.map(({ value }) => withoutEmpty(value, ['issuedOn'])),
      boards: boards.map(({ value }) => withoutEmpty(value, ['cycleStart', 'cycleEnd', 'certifiedSince'])),
      dea: hasDea ? withoutEmpty(dea, ['registeredOn']) : null,
    },
    ['email', 'npi', 'timezone'],
  );
}

/** Fields left empty that the API needs: said before the call, in words the API's messages cannot use. */
export function missingFields(draft: ProfileDraft): FieldError[] {
  const missing: FieldError[] = [];
  const need = (value: string, path: string, message: string) => {
    if (value.trim() === '') missing.push({ path, message });
  };
  need(draft.name, 'name', 'Enter your name.');
  need(draft.profession, 'profession', 'Choose your profession.');
  need(draft.specialty, 'specialty', 'Enter your specialty.');
  draft.licenses.forEach(({ value }, index) => {
    need(value.state, `licenses[${index}].state`, 'Enter the state.');
    need(value.number, `licenses[${index}].number`, 'Enter the license number.');
    need(value.expiresOn, `licenses[${index}].expiresOn`, 'Enter the date the license expires.');
  });
  draft.boards.forEach(({ value }, index) => {
    need(value.board, `boards[${index}].board`, 'Enter the board.');
    need(value.specialty, `boards[${index}].specialty`, 'Enter the specialty.');
  });
  if (draft.hasDea) {
    need(draft.dea.number, 'dea.number', 'Enter the DEA registration number.');
    need(draft.dea.expiresOn, 'dea.expiresOn', 'Enter the date the registration expires.');
  }
  return missing;
}

/** Every path the form shows a field for: messages of other paths are listed above the save button. */
export function shownPaths(draft: ProfileDraft): Set<string> {
  const paths = ['name', 'email', 'profession', 'specialty', 'npi', 'birthMonth', 'timezone'];
  draft.licenses.forEach((_, index) =>
    paths.push(
      ...['state', 'number', 'expiresOn', 'firstRenewal'].map((field) => `licenses[${index}].${field}`),
    ),
  );
  draft.boards.forEach((_, index) =>
    paths.push(
      ...['board', 'specialty', 'cycleStart', 'cycleEnd'].map((field) => `boards[${index}].${field}`),
    ),
  );
  if (draft.hasDea) paths.push('dea.number', 'dea.expiresOn');
  paths.push('flags.directPatientCare', 'flags.painClinic');
  return new Set(paths);
}
