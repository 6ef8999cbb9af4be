import { createHash } from 'node:crypto';

import { type RequirementStatus } from '@cme/requirements';

import { type PractitionerRecord } from './practitioner-record';

/** One credit type claimed for one activity, as the transcript lists it. */
export interface TranscriptCredit {
  creditId: string;
  completedOn: string;
  activity: string;
  provider: string | null;
  accreditor: string | null;
  activityId: string | null;
  format: string | null;
  creditType: string;
  amount: number;
  /** Hours of the claim that were on a topic (`opioid-prescribing` → 2). */
  topicHours: Record<string, number>;
  /** SHA-256 of the certificate on file, which proves which file it is. */
  certificateSha256: string | null;
  /** The requirements this credit counts toward (after dedupe and caps). */
  countsToward: string[];
}

export interface TranscriptRequirement {
  id: string;
  name: string;
  authority: string;
  cycleStart: string | null;
  cycleEnd: string;
  deadline: string;
  status: RequirementStatus;
  required: number;
  earned: number;
  remaining: number;
  /** What the credits listed in this transcript (its period) count toward the requirement. */
  earnedInPeriod: number;
}

/**
 * The data of a transcript, whatever its format: its SHA-256 digest (of the canonical JSON) is printed on the
 * PDF, so that a reviewer can check that the listed credits are the ones it was issued with.
 */
export interface Transcript {
  practitioner: { id: string; name: string; npi: string | null };
  issuedOn: string;
  /** The date the requirements are evaluated on: the end of the period, or today if that is later. */
  asOf: string;
  period: { from: string | null; to: string | null };
  rulesVersion: string;
  credits: TranscriptCredit[];
  requirements: TranscriptRequirement[];
}

export interface TranscriptPeriod {
  from?: string;
  to?: string;
}

const round = (amount: number) => Math.round(amount * 100) / 100;

/**
 * Every counted credit completed in the period (not voided, not a possible duplicate awaiting the
 * practitioner's word), oldest first, and where each requirement stands.
 */
export function buildTranscript(record: PractitionerRecord, period: TranscriptPeriod): Transcript {
  const { practitioner, entries, compliance } = record;
  const countsToward = new Map<string, Set<string>>();
  const allocated = new Map<string, { requirement: string; amount: number }[]>();
  for (const requirement of compliance.requirements) {
    for (const allocation of requirement.allocations) {
      const key = `${allocation.creditId}#${allocation.type}`;
      countsToward.set(key, (countsToward.get(key) ?? new Set()).add(requirement.id));
      allocated.set(key, [
        ...(allocated.get(key) ?? []),
        { requirement: requirement.id, amount: allocation.amount },
      ]);
    }
  }
  const inPeriod = (date: string) =>
    (!period.from || date >= period.from) && (!period.to || date <= period.to);
  const credits = entries
    .filter((entry) => !entry.voided && !entry.possibleDuplicateOf && inPeriod(entry.completedOn))
    .sort((a, b) => a.completedOn.localeCompare(b.completedOn) || a.id.localeCompare(b.id))
    .flatMap((entry) =>
      entry.claimed.map((claim): TranscriptCredit => ({
        creditId: entry.id,
        completedOn: entry.completedOn,
        activity: entry.activity.title,
        provider: entry.activity.provider ?? null,
        accreditor: entry.activity.accreditor ?? null,
        activityId: entry.activity.activityId ?? null,
        format: entry.activity.format ?? null,
        creditType: claim.type,
        amount: claim.amount,
        topicHours: claim.topicHours ?? {},
        certificateSha256: entry.certificate?.sha256 ?? null,
        countsToward: [...(countsToward.get(`${entry.id}#${claim.type}`) ?? [])].sort(),
      })),
    );
  const earnedInPeriod = new Map<string, number>();
  for (const credit of credits) {
    for (const { requirement, amount } of allocated.get(`${credit.creditId}#${credit.creditType}`) ?? []) {
      earnedInPeriod.set(requirement, (earnedInPeriod.get(requirement) ?? 0) + amount);
    }
  }
  return {
    practitioner: {
      id: practitioner.id,
      name: practitioner.profile.name,
      npi: practitioner.profile.npi ?? null,
    },
    issuedOn: record.today,
    asOf: compliance.asOf,
    period: { from: period.from ?? null, to: period.to ?? null },
    rulesVersion: compliance.rulesVersion,
    credits,
    requirements: compliance.requirements.map((requirement) => ({
      id: requirement.id,
      name: requirement.name,
      authority: requirement.authority,
      cycleStart: requirement.cycle.start,
      cycleEnd: requirement.cycle.end,
      deadline: requirement.deadline,
      status: requirement.status,
      required: requirement.required,
      earned: requirement.earned,
      remaining: requirement.remaining,
      earnedInPeriod: round(earnedInPeriod.get(requirement.id) ?? 0),
    })),
  };
}

/** JSON with object keys in code-point order and no white space (RFC 8785 for the values a transcript holds). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The transcript's digest: hex SHA-256 of its canonical JSON (UTF-8). */
export function transcriptDigest(transcript: Transcript): string {
  return createHash('sha256').update(canonicalJson(transcript), 'utf8').digest('hex');
}
