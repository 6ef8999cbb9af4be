import { AppException } from '@cme/platform';

export const ComplianceErrors = {
  noProfile: (id: string) =>
    AppException.notFound(
      'profile-missing',
      `Practitioner ${id} has no profile yet: the requirements that apply follow from it (PUT /v1/practitioners/me).`,
    ),
  requirementNotFound: (id: string) =>
    AppException.notFound('requirement-not-found', `No rule pack defines the requirement ${id}.`),
  changedMeanwhile: (id: string) =>
    AppException.conflict(
      'compliance-changed',
      `The compliance of ${id} was being stored by another request.`,
    ),
};
