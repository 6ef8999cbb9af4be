import { type PractitionerSnapshot } from '@cme/contracts';

/** What a practitioner says about themself: licenses, boards, DEA registration and practice. */
export interface PractitionerProfile {
  name: string;
  email?: string;
  profession: string;
  specialty: string;
  npi?: string;
  birthMonth?: number;
  birthDay?: number;
  timezone: string;
  licenses: PractitionerSnapshot['licenses'];
  boards: PractitionerSnapshot['boards'];
  dea: PractitionerSnapshot['dea'];
  flags: PractitionerSnapshot['flags'];
  exemptions?: string[];
}

/** The practitioner aggregate: the profile, versioned (each change is a new version and one event). */
export interface Practitioner {
  /** The `sub` of the practitioner's token. */
  id: string;
  version: number;
  profile: PractitionerProfile;
  createdAt: Date;
  updatedAt: Date;
}

export function toPractitionerSnapshot(practitioner: Practitioner): PractitionerSnapshot {
  const { profile } = practitioner;
  return {
    id: practitioner.id,
    version: practitioner.version,
    name: profile.name,
    ...(profile.email && { email: profile.email }),
    profession: profile.profession,
    specialty: profile.specialty,
    ...(profile.npi && { npi: profile.npi }),
    ...(profile.birthMonth && { birthMonth: profile.birthMonth }),
    ...(profile.birthDay && { birthDay: profile.birthDay }),
    timezone: profile.timezone,
    licenses: profile.licenses,
    boards: profile.boards,
    dea: profile.dea,
    flags: profile.flags,
    ...(profile.exemptions && { exemptions: profile.exemptions }),
    updatedAt: practitioner.updatedAt.toISOString(),
  };
}

export function sameProfile(a: PractitionerProfile, b: PractitionerProfile): boolean {
  const plain = (profile: PractitionerProfile) =>
    JSON.stringify(
      toPractitionerSnapshot({ id: '', version: 1, profile, createdAt: new Date(0), updatedAt: new Date(0) }),
    );
  return plain(a) === plain(b);
}
