import {
  type Approval,
  APPROVAL_CODES,
  type CreditEntry as EngineCredit,
  type PractitionerProfile as EngineProfile,
} from '@cme/requirements';

import { type CountedCredit } from '../ledger/credit-entry.repository';
import { type PractitionerProfile } from '../practitioners/practitioner';

/**
 * The engine takes one entry per credit type; a ledger entry claiming AMA PRA Category 1 and ANCC hours for one
 * activity becomes two, sharing the activity, so the engine counts the time once (in its best measure).
 */
const SEPARATOR = '#';

/** Approvals the engine knows; a code it does not (set on a catalog course before a rule names it) counts nowhere. */
function isApproval(code: string): code is Approval {
  return (APPROVAL_CODES as readonly string[]).includes(code);
}

export function engineCreditId(entryId: string, type: string): string {
  return `${entryId}${SEPARATOR}${type}`;
}

/** The ledger entry and credit type an engine credit id stands for. */
export function ledgerCreditOf(engineId: string): { creditId: string; type: string } {
  const at = engineId.lastIndexOf(SEPARATOR);
  return { creditId: engineId.slice(0, at), type: engineId.slice(at + 1) };
}

export function toEngineProfile(profile: PractitionerProfile): EngineProfile {
  return {
    profession: profile.profession as EngineProfile['profession'],
    specialty: profile.specialty,
    ...(profile.birthMonth && { birthMonth: profile.birthMonth }),
    licenses: profile.licenses,
    boards: profile.boards,
    dea: profile.dea,
    flags: profile.flags,
    ...(profile.exemptions && { exemptions: profile.exemptions }),
  };
}

/**
 * The ledger as the engine reads it. Voided entries go in marked as such; a flagged possible duplicate points
 * at its original's credit of the same type (or its first), so that the engine counts the pair once.
 */
export function toEngineCredits(entries: readonly CountedCredit[]): EngineCredit[] {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  return entries.flatMap((entry) =>
    entry.claimed.map((claim): EngineCredit => {
      const original = entry.possibleDuplicateOf ? byId.get(entry.possibleDuplicateOf) : undefined;
      const originalType =
        original?.claimed.find((other) => other.type === claim.type)?.type ?? original?.claimed[0]?.type;
      return {
        id: engineCreditId(entry.id, claim.type),
        completedOn: entry.completedOn,
        creditType: claim.type,
        amount: claim.amount,
        topics: entry.activity.topics,
        ...(claim.topicHours && { topicHours: claim.topicHours }),
        ...(entry.activity.approvals && { approvals: entry.activity.approvals.filter(isApproval) }),
        // One activity's types form one unit; without an accredited activity id, the entry is the activity.
        activityId: entry.activity.activityId ?? entry.activity.courseId ?? entry.id,
        ...(entry.voided && { voided: true }),
        ...(original && originalType && { possibleDuplicateOf: engineCreditId(original.id, originalType) }),
      };
    }),
  );
}
