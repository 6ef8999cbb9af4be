import { type RequirementStanding } from '@cme/contracts';

import { preferencesOf, type RecipientDocument, timeZoneOf } from './recipient.schema';
import { type ReminderDocument, reminderId } from './reminder.schema';
import { addDays, atLocalHour } from './zoned-time';

/** Reminders go out at this hour of the practitioner's day. */
export const REMINDER_HOUR = 9;

export type PlannedReminder = { id: string } & Pick<
  ReminderDocument,
  'requirementId' | 'requirementName' | 'deadline' | 'kind' | 'offsetDays' | 'dueAt'
>;

const AT_RISK: ReadonlySet<RequirementStanding['status']> = new Set(['at-risk', 'unattainable']);

/** A requirement reminders are about: not met, and its deadline not passed. */
export function isOpen(requirement: RequirementStanding): boolean {
  return requirement.status !== 'met' && requirement.status !== 'overdue';
}

/**
 * The reminders a practitioner should have: for each open requirement, one per offset, plus an at-risk alert
 * due at once while the requirement is at risk or unattainable. None without an address or with reminders
 * switched off. Offsets whose time has passed are planned too, so a reminder due a moment ago and not yet
 * swept is kept; the scheduler creates only those still ahead. Pure: the scheduler reconciles MongoDB with it.
 */
export function planReminders(recipient: RecipientDocument | null, now: Date): PlannedReminder[] {
  if (!recipient?.profile?.email || !recipient.compliance) return [];
  const preferences = preferencesOf(recipient);
  if (!preferences.remindersEnabled) return [];
  const zone = timeZoneOf(recipient);
  const planned: PlannedReminder[] = [];
  for (const requirement of recipient.compliance.requirements.filter(isOpen)) {
    const about = {
      requirementId: requirement.id,
      requirementName: requirement.name,
      deadline: requirement.deadline,
    };
    for (const offsetDays of preferences.offsetsDays) {
      const dueAt = atLocalHour(addDays(requirement.deadline, -offsetDays), REMINDER_HOUR, zone);
      const id = reminderId(recipient._id, requirement.id, requirement.deadline, offsetDays);
      planned.push({ id, ...about, kind: 'deadline', offsetDays, dueAt });
    }
    if (AT_RISK.has(requirement.status)) {
      const id = reminderId(recipient._id, requirement.id, requirement.deadline, 'at-risk');
      planned.push({ id, ...about, kind: 'at-risk', dueAt: now });
    }
  }
  return planned;
}
