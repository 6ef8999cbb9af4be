import { CREDIT_TYPES, type CreditType, isWholeNumberOfSteps } from '@cme/requirements';

import { DESIGNATION_RULES } from '../vocabulary/credit-designation-rules';

/** Formats whose course happens between two dates; the others are taken at the learner's own time. */
export const LIVE_FORMATS: readonly string[] = ['live', 'internet-live'];
/** Formats that stay available to learners until a date. */
export const ENDURING_FORMATS: readonly string[] = ['enduring', 'internet-enduring'];

/**
 * ACPE Universal Activity Number: provider (4 digits, or `JA` + 7 digits for jointly accredited providers),
 * joint provider, 2-digit year, sequence, activity type (L live, H home study, B blended) with a 2-digit topic
 * designator, and the audience (P pharmacists, T technicians). Example: `0797-0000-23-095-L04-P`.
 */
export const ACPE_UAN = /^(?:\d{4}|JA\d{7})-\d{4}-\d{2}-\d{3}-[LHB]\d{2}-[PT]$/;

/** The fields the cross-field rules read; a course in any state of validation has them. */
export interface CourseRuleInput {
  provider: { accreditor: string; accreditationId?: string };
  format: string;
  credits: { type: CreditType; amount: number }[];
  topics: string[];
  professions: string[];
  approvals: string[];
  startsOn?: string;
  endsOn?: string;
  availableUntil?: string;
}

function duplicates(values: readonly string[]): number[] {
  return values.flatMap((value, index) => (values.indexOf(value) < index ? [index] : []));
}

export interface RuleViolation {
  path: (string | number)[];
  message: string;
}

/** Rules that span fields or depend on the credit type; field shapes are checked by the schema first. */
export function courseRuleViolations(course: CourseRuleInput): RuleViolation[] {
  const errors: RuleViolation[] = [];
  const error = (path: (string | number)[], message: string) => errors.push({ path, message });

  course.credits.forEach(({ type, amount }, index) => {
    const rule = DESIGNATION_RULES[type];
    if (!rule.designatable) error(['credits', index, 'type'], rule.reason);
    else if (amount > rule.max) error(['credits', index, 'amount'], `at most ${rule.max} ${type} per course`);
    else if (!isWholeNumberOfSteps(amount, CREDIT_TYPES[type].step)) {
      error(['credits', index, 'amount'], `${type} is designated in steps of ${CREDIT_TYPES[type].step}`);
    }
  });
  for (const index of duplicates(course.credits.map((credit) => credit.type))) {
    error(['credits', index, 'type'], 'each credit type may be designated once');
  }
  for (const field of ['topics', 'professions', 'approvals'] as const) {
    for (const index of duplicates(course[field])) error([field, index], 'listed twice');
  }

  if (course.provider.accreditor === 'ACPE' && !ACPE_UAN.test(course.provider.accreditationId ?? '')) {
    error(
      ['provider', 'accreditationId'],
      'an ACPE course needs its Universal Activity Number, e.g. 0797-0000-23-095-L04-P',
    );
  }

  const { format, startsOn, endsOn, availableUntil } = course;
  if (LIVE_FORMATS.includes(format)) {
    if (!startsOn) error(['startsOn'], `a course in the ${format} format needs the date it starts`);
    if (!endsOn) error(['endsOn'], `a course in the ${format} format needs the date it ends`);
  }
  if (ENDURING_FORMATS.includes(format) && !availableUntil) {
    error(['availableUntil'], `a course in the ${format} format needs the date until which it is available`);
  }
  if (endsOn && availableUntil) {
    error(['availableUntil'], 'a course either ends on a date (endsOn) or stays available until one');
  }
  if (startsOn && endsOn && endsOn < startsOn) error(['endsOn'], 'must not be before startsOn');
  if (startsOn && availableUntil && availableUntil < startsOn) {
    error(['availableUntil'], 'must not be before startsOn');
  }
  return errors;
}
