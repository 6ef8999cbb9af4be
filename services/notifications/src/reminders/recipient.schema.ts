import { type RequirementStanding } from '@cme/contracts';
import { Schema } from 'mongoose';

export const RECIPIENT_MODEL = 'Recipient';

/** What a practitioner chose about reminders; absent fields take the defaults below. */
export interface ReminderPreferences {
  remindersEnabled: boolean;
  /** Days before a deadline a reminder goes out, at 09:00 in the practitioner's time zone. */
  offsetsDays: number[];
  /** Reminders due the same day go out as one email. */
  digest: boolean;
  courseAlerts: boolean;
  /** Overrides the profile's time zone when set. */
  timezone?: string;
}

export const DEFAULT_PREFERENCES: ReminderPreferences = {
  remindersEnabled: true,
  offsetsDays: [90, 30, 7],
  digest: true,
  courseAlerts: true,
};

/**
 * The notifications service's own copy of one practitioner: where and when to email (from practitioner
 * events), the newest compliance evaluation (from compliance events), and their preferences (from the API).
 * Each event-fed part carries the version it came from, so an older event never overwrites a newer one.
 */
export interface RecipientDocument {
  _id: string;
  /** `profession` matches new catalog courses to the practitioner (course alerts). */
  profile?: { version: number; name: string; email?: string; timezone: string; profession?: string };
  compliance?: { version: number; requirements: RequirementStanding[] };
  preferences?: ReminderPreferences;
  /** The reminders the last scheduling wanted: the next one cancels those it no longer wants. */
  reminderIds?: string[];
  updatedAt: Date;
}

export const RecipientSchema = new Schema<RecipientDocument>(
  {
    _id: { type: String, required: true },
    profile: { type: Schema.Types.Mixed },
    compliance: { type: Schema.Types.Mixed },
    preferences: { type: Schema.Types.Mixed },
    reminderIds: [String],
    updatedAt: { type: Date, required: true },
  },
  { collection: 'recipients', versionKey: false },
);

export function preferencesOf(recipient: Pick<RecipientDocument, 'preferences'> | null | undefined) {
  return { ...DEFAULT_PREFERENCES, ...recipient?.preferences };
}

/** The zone reminders are timed in: the preference, else the profile's, else UTC. */
export function timeZoneOf(recipient: Pick<RecipientDocument, 'preferences' | 'profile'> | null | undefined) {
  return recipient?.preferences?.timezone ?? recipient?.profile?.timezone ?? 'UTC';
}
