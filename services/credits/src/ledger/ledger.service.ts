import { createHash, randomUUID } from 'node:crypto';

import {
  type ClaimedCredit,
  createEvent,
  type CreditRecorded,
  type DomainEvent,
  LedgerEventTypes,
} from '@cme/contracts';
import { AppException, type Caller, type FieldError, SERVICE_NAME } from '@cme/platform';
import { calendarDateIn } from '@cme/requirements';
import { Inject, Injectable } from '@nestjs/common';

import { CatalogCourseRepository, type CatalogCourse } from '../catalog-courses/catalog-course.repository';
import { type Certificate, CertificateStore } from '../certificates/certificate-store';
import { PractitionerProfileService } from '../practitioners/practitioner-profile.service';
import { type CreditActivity, type CreditChange, type CreditEntry } from './credit-entry';
import {
  type CatalogCreditClaim,
  type CreditCorrection,
  type CreditListQuery,
  type NewCredit,
  type OutsideCredit,
} from './credit-entry.dto';
import { type CreditEntryPage, CreditEntryRepository } from './credit-entry.repository';
import { possibleDuplicateOf } from './duplicate-detection';
import { LedgerErrors } from './ledger.errors';

/** Without a time zone in the profile, "today" is the latest calendar date anywhere (UTC+14). */
const LATEST_TIME_ZONE = 'Etc/GMT-14';

/** The entry fields a correction may change, in the order history lists them. */
const CORRECTABLE = ['completedOn', 'claimed', 'activity', 'certificate'] as const;

export interface RecordOutcome {
  entry: CreditEntry;
  /** False when an Idempotency-Key retry answered the entry recorded the first time. */
  created: boolean;
}

/**
 * The practitioner's ledger: credits recorded once (a catalog course, or an outside activity with its
 * certificate), corrected with their history kept, voided without being lost. Every change is a new version of
 * the entry with its event in the same write; possible duplicates are flagged, not refused.
 */
@Injectable()
export class LedgerService {
  constructor(
    @Inject(CreditEntryRepository) private readonly entries: CreditEntryRepository,
    @Inject(CatalogCourseRepository) private readonly courses: CatalogCourseRepository,
    @Inject(CertificateStore) private readonly certificates: CertificateStore,
    @Inject(PractitionerProfileService) private readonly profiles: PractitionerProfileService,
    @Inject(SERVICE_NAME) private readonly source: string,
  ) {}

  /**
   * Records a credit. With an Idempotency-Key the entry's id is derived from it: a retry of the same request
   * answers the first entry; the same key with another body is refused (422); neither records anything.
   */
  async record(
    caller: Caller,
    credit: NewCredit,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<RecordOutcome> {
    const requestDigest = digestOfRequest(credit);
    const id = idempotencyKey ? entryIdOf(caller.id, idempotencyKey) : randomUUID();
    // A retry is not looked for first: its insert is refused (the entry id is the key's), so a new request
    // spends no read on it. A retry does a new entry's work, and writes nothing but its fingerprints (which
    // readers check against the stored entry).
    let entry: CreditEntry;
    let recorded: CreditRecorded;
    try {
      ({ entry, recorded } = await this.newEntry(caller, credit, id, idempotencyKey, requestDigest, now));
    } catch (error) {
      // A retry of a request that would be refused now (its course withdrawn since): the first answer stands.
      if (idempotencyKey && error instanceof AppException) {
        const replay = await this.replay(caller.id, id, requestDigest);
        if (replay) return { entry: replay, created: false };
      }
      throw error;
    }
    if (
      await this.entries.insert(entry, [this.event(LedgerEventTypes.creditRecorded, entry, recorded, now)])
    ) {
      return { entry, created: true };
    }
    // A retry, or a concurrent request with the same key that won the race: answer its entry (or refuse a
    // different body).
    const winner = await this.replay(caller.id, id, requestDigest);
    if (!winner) throw LedgerErrors.changedMeanwhile(id);
    return { entry: winner, created: false };
  }

  /** The entry a request records, flagged if it repeats one, and its credit-recorded event's data. */
  private async newEntry(
    caller: Caller,
    credit: NewCredit,
    id: string,
    idempotencyKey: string | undefined,
    requestDigest: string,
    now: Date,
  ): Promise<{ entry: CreditEntry; recorded: CreditRecorded }> {
    // Together, not one after another: one database round trip of latency instead of up to three.
    const [practitioner, course, certificateFile] = await Promise.all([
      this.profiles.find(caller.id),
      'courseId' in credit ? this.courses.findById(credit.courseId) : undefined,
      credit.certificateId ? this.certificates.find(caller.id, credit.certificateId) : undefined,
    ]);
    const profile = practitioner?.profile;
    this.refuseFutureDate(credit.completedOn, profile?.timezone, now);
    const certificate = credit.certificateId ? attachedCertificate(certificateFile) : undefined;
    const draft: CreditEntry = {
      id,
      practitionerId: caller.id,
      version: 1,
      ...('courseId' in credit ? this.catalogClaim(credit, course) : outsideActivity(credit)),
      completedOn: credit.completedOn,
      ...(certificate && { certificate }),
      voided: false,
      history: [{ at: now, by: caller.id, action: 'recorded' }],
      ...(idempotencyKey && { idempotency: { key: idempotencyKey, requestDigest } }),
      recordedAt: now,
      updatedAt: now,
    };
    const entry = await this.flagDuplicate(draft);
    const email = profile?.email ?? caller.email;
    const name = profile?.name ?? caller.name;
    return {
      entry,
      recorded: { ...eventData(entry), ...(email && { recipient: { email, ...(name && { name }) } }) },
    };
  }

  async get(practitionerId: string, id: string): Promise<CreditEntry> {
    const entry = await this.entries.findOne(practitionerId, id);
    if (!entry) throw LedgerErrors.notFound(id);
    return entry;
  }

  list(practitionerId: string, query: CreditListQuery): Promise<CreditEntryPage> {
    return this.entries.findPage(practitionerId, query);
  }

  /** Corrects an entry; the history records who changed which field from what to what. */
  async correct(
    caller: Caller,
    id: string,
    correction: CreditCorrection,
    now = new Date(),
  ): Promise<CreditEntry> {
    const current = await this.get(caller.id, id);
    if (current.voided) throw LedgerErrors.voided(id);
    let next: CreditEntry = { ...current };
    if (correction.completedOn !== undefined) {
      this.refuseFutureDate(
        correction.completedOn,
        (await this.profiles.find(caller.id))?.profile.timezone,
        now,
      );
      next.completedOn = correction.completedOn;
    }
    if (correction.activity !== undefined) {
      if (current.source === 'catalog') throw LedgerErrors.catalogDetailsFixed();
      next.activity = { ...current.activity, ...correction.activity };
    }
    if (correction.claimed !== undefined) {
      next.claimed = correction.claimed;
      if (current.source === 'catalog' && current.activity.courseId) {
        const course = await this.courses.findById(current.activity.courseId);
        if (course) refuseBeyondCourse(course, next.claimed);
      }
    }
    if (correction.certificateId === null) delete next.certificate;
    else if (correction.certificateId !== undefined) {
      next.certificate = await this.certificateOf(caller.id, correction.certificateId);
    }
    if (correction.confirmedDistinct) {
      if (!current.possibleDuplicateOf) throw LedgerErrors.notFlaggedAsDuplicate(id);
      next.distinctFrom = [...(current.distinctFrom ?? []), current.possibleDuplicateOf];
      delete next.possibleDuplicateOf;
    }
    next = await this.flagDuplicate(next);
    const changes = CORRECTABLE.flatMap((field) =>
      JSON.stringify(current[field]) === JSON.stringify(next[field])
        ? []
        : [{ field, before: current[field] ?? null, after: next[field] ?? null }],
    );
    const action: CreditChange['action'] =
      correction.confirmedDistinct && changes.length === 0 ? 'confirmed-distinct' : 'corrected';
    if (changes.length === 0 && !correction.confirmedDistinct) return current;
    const entry: CreditEntry = {
      ...next,
      version: current.version + 1,
      history: [
        ...current.history,
        { at: now, by: caller.id, action, ...(changes.length > 0 && { changes }) },
      ],
      updatedAt: now,
    };
    const corrected = {
      ...eventData(entry),
      version: entry.version,
      correctedAt: now.toISOString(),
      changedFields: changes.length > 0 ? changes.map((change) => change.field) : ['possibleDuplicateOf'],
    };
    if (
      !(await this.entries.saveIfVersion(entry, current.version, [
        this.event(LedgerEventTypes.creditCorrected, entry, corrected, now),
      ]))
    ) {
      throw LedgerErrors.changedMeanwhile(id);
    }
    return entry;
  }

  /** Voids an entry: kept in the ledger and its history, it stops counting. Voiding twice changes nothing. */
  async void(caller: Caller, id: string, now = new Date()): Promise<void> {
    const current = await this.get(caller.id, id);
    if (current.voided) return;
    const entry: CreditEntry = {
      ...current,
      version: current.version + 1,
      voided: true,
      voidedAt: now,
      history: [...current.history, { at: now, by: caller.id, action: 'voided' }],
      updatedAt: now,
    };
    const voided = {
      creditId: id,
      practitionerId: caller.id,
      version: entry.version,
      voidedAt: now.toISOString(),
    };
    if (
      !(await this.entries.saveIfVersion(entry, current.version, [
        this.event(LedgerEventTypes.creditVoided, entry, voided, now),
      ]))
    ) {
      throw LedgerErrors.changedMeanwhile(id);
    }
  }

  private async replay(
    practitionerId: string,
    id: string,
    requestDigest: string,
  ): Promise<CreditEntry | undefined> {
    const existing = await this.entries.findOne(practitionerId, id);
    if (!existing) return undefined;
    if (existing.idempotency?.requestDigest !== requestDigest) throw LedgerErrors.idempotencyKeyReused();
    return existing;
  }

  private refuseFutureDate(completedOn: string, timezone: string | undefined, now: Date): void {
    const today = calendarDateIn(timezone ?? LATEST_TIME_ZONE, now);
    if (completedOn > today) throw LedgerErrors.completedInTheFuture(today);
  }

  private async certificateOf(
    practitionerId: string,
    certificateId: string,
  ): Promise<CreditEntry['certificate']> {
    return attachedCertificate(await this.certificates.find(practitionerId, certificateId));
  }

  /** A claim of the course as the catalog read model holds it (`course`: as read for `claim.courseId`). */
  private catalogClaim(
    claim: CatalogCreditClaim,
    course: CatalogCourse | null | undefined,
  ): Pick<CreditEntry, 'source' | 'activity' | 'claimed'> {
    if (!course || course.status !== 'published') throw LedgerErrors.courseNotInCatalog();
    refuseBeyondCourse(course, claim.claimed);
    const activity: CreditActivity = {
      courseId: course.id,
      courseVersion: course.version,
      title: course.title,
      provider: course.provider.name,
      accreditor: course.provider.accreditor,
      ...(course.provider.accreditationId && { activityId: course.provider.accreditationId }),
      format: course.format,
      topics: course.topics,
      ...(course.approvals && course.approvals.length > 0 && { approvals: course.approvals }),
    };
    return { source: 'catalog', activity, claimed: claim.claimed };
  }

  /** Sets or clears the entry's possible-duplicate flag against the rest of the practitioner's ledger. */
  private async flagDuplicate(entry: CreditEntry): Promise<CreditEntry> {
    const candidates = await this.entries.findDuplicateCandidates(entry);
    const duplicateOf = possibleDuplicateOf(entry, candidates);
    const { possibleDuplicateOf: _previous, ...rest } = entry;
    return duplicateOf ? { ...rest, possibleDuplicateOf: duplicateOf } : rest;
  }

  private event<Type extends (typeof LedgerEventTypes)[keyof typeof LedgerEventTypes]>(
    type: Type,
    entry: CreditEntry,
    data: Parameters<typeof createEvent<Type>>[0]['data'],
    now: Date,
  ): DomainEvent {
    return createEvent({
      id: randomUUID(),
      type,
      source: this.source,
      subject: entry.practitionerId,
      time: now,
      data,
    });
  }
}

/** What an entry keeps of the certificate it names (`found`: the practitioner's file with that id, if any). */
function attachedCertificate(found: Certificate | undefined): CreditEntry['certificate'] {
  if (!found) throw LedgerErrors.certificateNotFound();
  return { id: found.id, sha256: found.sha256 };
}

function outsideActivity(credit: OutsideCredit): Pick<CreditEntry, 'source' | 'activity' | 'claimed'> {
  return { source: 'outside', activity: credit.activity, claimed: credit.claimed };
}

/** A claim may not exceed, nor name a type other than, what the course designates; its topics are the course's. */
function refuseBeyondCourse(course: CatalogCourse, claimed: readonly ClaimedCredit[]): void {
  const errors: FieldError[] = claimed.flatMap(({ type, amount, topicHours }, index) => {
    const designated = course.credits.find((credit) => credit.type === type);
    if (!designated)
      return [{ path: `claimed[${index}].type`, message: `the course designates no ${type} credit` }];
    const problems: FieldError[] = [];
    if (amount > designated.amount) {
      problems.push({
        path: `claimed[${index}].amount`,
        message: `at most ${designated.amount} ${type} can be claimed`,
      });
    }
    for (const topic of Object.keys(topicHours ?? {})) {
      if (!course.topics.includes(topic)) {
        problems.push({
          path: `claimed[${index}].topicHours.${topic}`,
          message: 'is not a topic of the course',
        });
      }
    }
    return problems;
  });
  if (errors.length > 0) throw LedgerErrors.claimExceedsCourse(errors);
}

/** The entry's fields as every ledger event carries them. */
function eventData(entry: CreditEntry) {
  return {
    creditId: entry.id,
    practitionerId: entry.practitionerId,
    version: entry.version,
    source: entry.source,
    completedOn: entry.completedOn,
    claimed: entry.claimed,
    activity: entry.activity,
    ...(entry.certificate && { certificate: entry.certificate }),
    ...(entry.possibleDuplicateOf && { possibleDuplicateOf: entry.possibleDuplicateOf }),
    recordedAt: entry.recordedAt.toISOString(),
  };
}

/** A digest of the request as read, its objects' keys sorted: the same body in another field order is the same. */
export function digestOfRequest(value: unknown): string {
  const canonical = JSON.stringify(value, (_key, field: unknown) =>
    field !== null && typeof field === 'object' && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : field,
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/** A key names one entry of one practitioner: the same key of another practitioner is another entry. */
function entryIdOf(practitionerId: string, idempotencyKey: string): string {
  return createHash('sha256').update(`${practitionerId}\n${idempotencyKey}`).digest('hex').slice(0, 32);
}
