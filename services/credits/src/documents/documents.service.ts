import { Inject, Injectable } from '@nestjs/common';

import { type SignedCredential, AchievementCredentials } from './achievement-credential';
import { CalendarSubscriptionRepository } from './calendar-subscription.repository';
import { CalendarSubscriptionTokens } from './calendar-subscription-tokens';
import { deadlinesCalendar } from './deadlines-calendar';
import { DocumentErrors } from './documents.errors';
import { PractitionerRecords } from './practitioner-record';
import { buildTranscript, type Transcript, transcriptDigest, type TranscriptPeriod } from './transcript';

/** A calendar subscription as its owner sees it once: the token is not kept, only its id. */
export interface IssuedSubscription {
  token: string;
  path: string;
  createdAt: Date;
}

export const calendarFeedPath = (token: string) => `/v1/calendar/${token}.ics`;

/** The documents a practitioner takes elsewhere: transcript, deadlines calendar, credentials of met requirements. */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(PractitionerRecords) private readonly records: PractitionerRecords,
    @Inject(CalendarSubscriptionRepository) private readonly subscriptions: CalendarSubscriptionRepository,
    @Inject(CalendarSubscriptionTokens) private readonly tokens: CalendarSubscriptionTokens,
    @Inject(AchievementCredentials) private readonly credentials: AchievementCredentials,
  ) {}

  async transcript(
    practitionerId: string,
    period: TranscriptPeriod,
  ): Promise<{ transcript: Transcript; digest: string }> {
    if (period.from && period.to && period.from > period.to) throw DocumentErrors.periodReversed();
    const transcript = buildTranscript(await this.records.load(practitionerId, period.to), period);
    return { transcript, digest: transcriptDigest(transcript) };
  }

  async deadlines(practitionerId: string): Promise<string> {
    return deadlinesCalendar(await this.records.load(practitionerId));
  }

  /** A new subscription token; the former one, if any, stops working. */
  async subscribe(practitionerId: string, now = new Date()): Promise<IssuedSubscription> {
    // The profile must exist: a feed of nobody would answer 404 to the calendar app forever.
    await this.records.load(practitionerId);
    const { token, tokenId } = this.tokens.issue();
    await this.subscriptions.replace({ practitionerId, tokenId, createdAt: now });
    return { token, path: calendarFeedPath(token), createdAt: now };
  }

  async unsubscribe(practitionerId: string): Promise<void> {
    if (!(await this.subscriptions.delete(practitionerId))) throw DocumentErrors.noSubscription();
  }

  /** The deadlines calendar a subscription token opens. */
  async subscribedDeadlines(token: string): Promise<string> {
    const tokenId = this.tokens.verify(token);
    if (!tokenId) throw DocumentErrors.subscriptionTokenInvalid();
    const subscription = await this.subscriptions.findByTokenId(tokenId);
    if (!subscription) throw DocumentErrors.subscriptionRevoked();
    return this.deadlines(subscription.practitionerId);
  }

  /** The Open Badges credential of a requirement met today. */
  async credential(
    practitionerId: string,
    requirementId: string,
    baseUrl: string,
  ): Promise<SignedCredential> {
    const { practitioner, compliance } = await this.records.load(practitionerId);
    const requirement = compliance.requirements.find((candidate) => candidate.id === requirementId);
    if (!requirement) throw DocumentErrors.requirementNotApplicable(requirementId);
    if (requirement.status !== 'met') {
      throw DocumentErrors.requirementNotMet(requirementId, requirement.status, requirement.remaining);
    }
    return this.credentials.issue(baseUrl, practitioner, requirement, compliance.asOf);
  }
}
