import { createHash, randomUUID } from 'node:crypto';

import { createEvent, LedgerEventTypes } from '@cme/contracts';
import { OutboxRelay } from '@cme/messaging';
import { type Caller, type FieldError, SERVICE_NAME } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model } from 'mongoose';

import { CatalogCoursesService } from '../catalog-courses/catalog-courses.service';
import { type CatalogCreditClaim } from './credit-claim.dto';
import {
  CREDIT_ENTRY_MODEL,
  type CreditEntryDocument,
  type CreditEntryView,
  toCreditEntryView,
} from './credit-entry.schema';
import { LedgerErrors } from './ledger.errors';

const DUPLICATE_KEY = 11000;

@Injectable()
export class LedgerService {
  constructor(
    @InjectModel(CREDIT_ENTRY_MODEL) private readonly entries: Model<CreditEntryDocument>,
    @Inject(CatalogCoursesService) private readonly courses: CatalogCoursesService,
    @Inject(OutboxRelay) private readonly outbox: OutboxRelay,
    @Inject(SERVICE_NAME) private readonly source: string,
  ) {}

  /**
   * Records a credit for a catalog course. With an idempotency key the entry id is derived from it, so a
   * retried request finds the first entry instead of recording a second one.
   */
  async recordCatalogCredit(
    caller: Caller,
    claim: CatalogCreditClaim,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<{ entry: CreditEntryView; created: boolean }> {
    const id = idempotencyKey
      ? createHash('sha256').update(`${caller.id}\n${idempotencyKey}`).digest('hex').slice(0, 32)
      : randomUUID();
    if (idempotencyKey) {
      const existing = await this.entries
        .findOne({ _id: id, practitionerId: caller.id }, { outbox: 0 })
        .lean();
      if (existing) return { entry: toCreditEntryView(existing), created: false };
    }

    const course = await this.courses.findPublished(claim.courseId);
    if (!course) {
      throw LedgerErrors.courseNotInCatalog();
    }
    const errors: FieldError[] = claim.claimed.flatMap(({ type, amount }, index) => {
      const designated = course.credits.find((credit) => credit.type === type);
      if (!designated)
        return [{ path: `claimed[${index}].type`, message: `the course designates no ${type} credit` }];
      if (amount > designated.amount) {
        return [
          {
            path: `claimed[${index}].amount`,
            message: `at most ${designated.amount} ${type} can be claimed`,
          },
        ];
      }
      return [];
    });
    if (errors.length > 0) throw LedgerErrors.claimExceedsCourse(errors);

    const activity = {
      courseId: course._id,
      courseVersion: course.version,
      title: course.title,
      topics: course.topics,
    };
    const event = createEvent({
      id: randomUUID(),
      type: LedgerEventTypes.creditRecorded,
      source: this.source,
      subject: caller.id,
      time: now,
      data: {
        creditId: id,
        practitionerId: caller.id,
        completedOn: claim.completedOn,
        claimed: claim.claimed,
        activity,
        ...(caller.email && {
          recipient: { email: caller.email, ...(caller.name && { name: caller.name }) },
        }),
        recordedAt: now.toISOString(),
      },
    });
    const entry = {
      _id: id,
      practitionerId: caller.id,
      completedOn: claim.completedOn,
      claimed: claim.claimed,
      activity,
      recordedAt: now,
      voided: false,
    };
    try {
      await this.entries.create({ ...entry, outbox: [event] });
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY && idempotencyKey) {
        // A concurrent retry with the same key won the race; answer with its entry.
        return this.recordCatalogCredit(caller, claim, idempotencyKey, now);
      }
      throw error;
    }
    this.outbox.flushInBackground(id);
    return { entry: toCreditEntryView(entry), created: true };
  }
}
