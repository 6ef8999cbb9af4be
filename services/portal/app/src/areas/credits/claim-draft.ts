import { type FieldError } from '../../api/api-client';
import { type ClaimedCredit } from './credits-api';

/** One credit type row of a claim as typed: `max` is the course's designated amount (catalog claims). */
export interface ClaimRow {
  type: string;
  amount: number | '';
  max?: number;
}

/** What the date, amounts and topic hours of a claim form hold before they become a request body. */
export interface ClaimDraft {
  completedOn: string;
  rows: ClaimRow[];
  /** Hours per topic, applied to every claimed type (the same hours of the same activity). */
  topicHours: Record<string, number | ''>;
}

/** Form errors by field: `completedOn`, `rows` (the claim as a whole), `rows.2.amount`, `topicHours.ethics`… */
export type FormErrors = Record<string, string>;

/** Today in the browser's time zone as `YYYY-MM-DD` (the service checks against the practitioner's today). */
export function localToday(now = new Date()): string {
  const offset = now.getTimezoneOffset() * 60_000;
  return new Date(now.getTime() - offset).toISOString().slice(0, 10);
}

/** What the browser can tell before sending; the service checks the rest (steps, its own today). */
export function validateClaim(draft: ClaimDraft, today: string): FormErrors {
  const errors: FormErrors = {};
  if (!draft.completedOn) errors.completedOn = 'Enter the date you completed the activity.';
  else if (draft.completedOn > today) errors.completedOn = 'The date cannot be in the future.';
  const claimed = draft.rows.filter((row) => row.amount !== '');
  if (claimed.length === 0) errors.rows = 'Claim an amount of at least one credit type.';
  draft.rows.forEach((row, index) => {
    if (row.amount === '') return;
    if (!row.type) errors[`rows.${index}.type`] = 'Choose a credit type.';
    else if (draft.rows.findIndex((other) => other.type === row.type) < index) {
      errors[`rows.${index}.type`] = 'Each credit type is claimed once.';
    }
    if (row.amount <= 0) errors[`rows.${index}.amount`] = 'Enter an amount above 0.';
    else if (row.max !== undefined && row.amount > row.max) {
      errors[`rows.${index}.amount`] = `At most ${row.max} can be claimed for this course.`;
    }
  });
  const smallest = Math.min(...claimed.map((row) => Number(row.amount)).filter((amount) => amount > 0));
  for (const [topic, hours] of Object.entries(draft.topicHours)) {
    if (hours === '') continue;
    if (hours <= 0) errors[`topicHours.${topic}`] = 'Enter hours above 0, or leave it empty.';
    else if (hours > smallest)
      errors[`topicHours.${topic}`] = `At most ${smallest}: the smallest amount claimed.`;
  }
  return errors;
}

/** The title and provider an outside activity needs. */
export function validateActivity(activity: { title: string; provider: string }): FormErrors {
  const errors: FormErrors = {};
  if (!activity.title.trim()) errors['activity.title'] = 'Enter the activity’s title.';
  if (!activity.provider.trim()) errors['activity.provider'] = 'Enter who provided the activity.';
  return errors;
}

/**
 * The `completedOn` and `claimed` of a request body, and which row each claimed entry came from (rows left
 * empty are not sent, so the API's `claimed[1]` may be the form's third row).
 */
export function claimBody(draft: ClaimDraft): {
  completedOn: string;
  claimed: ClaimedCredit[];
  rowOfClaim: number[];
} {
  const topicHours = Object.fromEntries(
    Object.entries(draft.topicHours).filter((entry): entry is [string, number] => entry[1] !== ''),
  );
  const rowOfClaim = draft.rows.flatMap((row, index) => (row.amount === '' ? [] : [index]));
  const claimed = rowOfClaim.map((index) => ({
    type: draft.rows[index].type,
    amount: Number(draft.rows[index].amount),
    ...(Object.keys(topicHours).length > 0 && { topicHours }),
  }));
  return { completedOn: draft.completedOn, claimed, rowOfClaim };
}

/**
 * The API's field errors (`claimed[0].amount`, `claimed[1].topicHours.ethics`, `activity.title`) under the
 * form's field names. Errors of paths the form has no field for are left out: the form's alert carries them.
 */
export function formErrorsOf(fieldErrors: readonly FieldError[], rowOfClaim: readonly number[]): FormErrors {
  const errors: FormErrors = {};
  const put = (field: string, fragment: string) => {
    const message = asSentence(fragment);
    // Topic hours are checked once per claimed type: the same message may come more than once.
    if (errors[field]?.includes(message)) return;
    errors[field] = errors[field] ? `${errors[field]} ${message}` : message;
  };
  for (const { path, message } of fieldErrors) {
    const claim = /^claimed\[(\d+)\]\.(type|amount)$/.exec(path);
    const topic = /^claimed\[\d+\]\.topicHours\.(.+)$/.exec(path);
    const listItem = /^activity\.(topics)\[\d+\]$/.exec(path);
    if (claim) {
      const row = rowOfClaim[Number(claim[1])];
      if (row !== undefined) put(`rows.${row}.${claim[2]}`, message);
    } else if (topic) {
      put(`topicHours.${topic[1]}`, message);
    } else if (listItem) {
      put(`activity.${listItem[1]}`, message);
    } else if (path === 'claimed') {
      put('rows', message);
    } else {
      put(path, message);
    }
  }
  return errors;
}

/** The API's field messages are fragments ("must not exceed the amount (8)"): shown alone, they read as sentences. */
function asSentence(fragment: string): string {
  const text = fragment.trim();
  if (!text) return text;
  return `${text[0].toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}
