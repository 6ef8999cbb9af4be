import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';

import { type RequirementView } from '../compliance/compliance-evaluator';
import { type Practitioner } from '../practitioners/practitioner';
import { DocumentSigningKey } from './document-signing-key';

export const CREDENTIAL_CONTEXTS = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
] as const;

export const ISSUER_NAME = 'CME Tracker';

/** Where the issuer's profile and keys are published, under the service's public address. */
export const issuerPaths = { profile: '/v1/credentials/issuer', jwks: '/v1/credentials/jwks.json' } as const;

/** An Open Badges 3.0 OpenBadgeCredential, unsigned: the JWT's payload carries the same members. */
export type OpenBadgeCredential = Record<string, unknown> & { id: string; validFrom: string };

/** The credential as the API answers it: readable JSON-LD, and the same signed as a VC-JWT (EdDSA). */
export interface SignedCredential {
  credential: OpenBadgeCredential;
  jwt: string;
}

const dateTime = (date: string) => `${date}T00:00:00Z`;

/**
 * Open Badges 3.0 credentials of met requirements: the achievement is the requirement, the subject the
 * practitioner (by name and NPI, as IdentityObjects), with the cycle as the activity dates and the hours
 * earned. Secured as a VC-JWT (Open Badges 3.0 §8.2: the credential's members are the payload, with iss, jti,
 * sub-less subject, nbf), signed with the service's Ed25519 key, whose JWK the issuer publishes.
 */
@Injectable()
export class AchievementCredentials {
  constructor(@Inject(DocumentSigningKey) private readonly key: DocumentSigningKey) {}

  issuerProfile(baseUrl: string) {
    return {
      '@context': CREDENTIAL_CONTEXTS,
      id: `${baseUrl}${issuerPaths.profile}`,
      type: ['Profile'],
      name: ISSUER_NAME,
      description:
        'Issues credentials of continuing-education requirements met, as evaluated from the ledger.',
      publicKeys: `${baseUrl}${issuerPaths.jwks}`,
    };
  }

  async issue(
    baseUrl: string,
    practitioner: Practitioner,
    requirement: RequirementView,
    asOf: string,
    now = new Date(),
  ): Promise<SignedCredential> {
    const { profile } = practitioner;
    const identifiers = [
      { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: profile.name },
      ...(profile.npi
        ? [
            {
              type: 'IdentityObject',
              identityType: 'identifier',
              hashed: false,
              identityHash: `NPI ${profile.npi}`,
            },
          ]
        : []),
    ];
    const validFrom = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const credential: OpenBadgeCredential = {
      '@context': CREDENTIAL_CONTEXTS,
      id: `urn:uuid:${randomUUID()}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: `${baseUrl}${issuerPaths.profile}`, type: ['Profile'], name: ISSUER_NAME },
      name: `${requirement.name}: met`,
      validFrom: validFrom.toISOString(),
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: identifiers,
        achievement: {
          id: `${baseUrl}/v1/requirements/${encodeURIComponent(requirement.id)}`,
          type: ['Achievement'],
          achievementType: 'ext:ContinuingEducationRequirement',
          humanCode: requirement.id,
          name: requirement.name,
          description:
            `${requirement.name}, set by ${requirement.authority} (rule version ${requirement.ruleVersion}). ` +
            `Source: ${requirement.source}`,
          criteria: {
            narrative:
              `${requirement.required} hours of qualifying continuing education in the cycle ` +
              `${requirement.cycle.start ?? 'from any date'} to ${requirement.cycle.end}, ` +
              `with the category and topic minimums of the rule.`,
          },
          creditsAvailable: requirement.required,
        },
        creditsEarned: requirement.earned,
        ...(requirement.cycle.start && { activityStartDate: dateTime(requirement.cycle.start) }),
        activityEndDate: dateTime(requirement.cycle.end),
        result: [
          {
            type: ['Result'],
            value: `met as of ${asOf}: ${requirement.earned} of ${requirement.required} hours, deadline ${requirement.deadline}`,
            status: 'Completed',
          },
        ],
      },
    };
    const jwk = await this.key.jwk();
    const jwt = await new SignJWT(credential)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: jwk.kid })
      .setIssuer(`${baseUrl}${issuerPaths.profile}`)
      .setJti(credential.id)
      .setNotBefore(validFrom)
      .sign(this.key.privateKey);
    return { credential, jwt };
  }
}
