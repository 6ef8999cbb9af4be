import { AppException } from '@cme/platform';

export const PractitionerErrors = {
  notFound: (id: string) =>
    AppException.notFound('practitioner-not-found', `Practitioner ${id} has no profile.`),
  noProfileYet: () =>
    AppException.notFound(
      'profile-missing',
      'You have no profile yet: create it with PUT /v1/practitioners/me (licenses, boards, DEA registration).',
    ),
  changedMeanwhile: () =>
    AppException.conflict(
      'profile-changed',
      'The profile was changed by another request meanwhile; send it again.',
    ),
};
