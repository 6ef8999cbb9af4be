import { CREDIT_TYPE_VOCABULARY, CREDIT_TYPES, type CreditType } from '@cme/requirements';

/** Whether a provider may designate a credit type on a course, and at most how much of it. */
export type DesignationRule = { designatable: true; max: number } | { designatable: false; reason: string };

/**
 * The most any one course may designate of a type. The longest activities in the catalog (multi-day live
 * meetings, board-review enduring programmes) designate a few dozen hours; 100 catches slipped digits
 * (`80` typed as `800`) without refusing any real course.
 */
const MAX_PER_COURSE = 100;

/**
 * Per-type rules the catalog enforces on designations, beside each type's step (`CREDIT_TYPES`). The credits
 * service checks claims against the designated amounts, so a designation the accreditor would not issue must
 * never enter the catalog.
 */
export const DESIGNATION_RULES: Record<CreditType, DesignationRule> = {
  AMA_PRA_1: { designatable: true, max: MAX_PER_COURSE },
  // Category 2 is self-claimed by the physician (AMA PRA booklet); no provider may designate it.
  AMA_PRA_2: {
    designatable: false,
    reason: 'AMA PRA Category 2 credit is self-claimed by the physician; a course cannot designate it',
  },
  ABA_PATIENT_SAFETY: { designatable: true, max: MAX_PER_COURSE },
  AOA_1A: { designatable: true, max: MAX_PER_COURSE },
  AOA_1B: { designatable: true, max: MAX_PER_COURSE },
  AOA_2A: { designatable: true, max: MAX_PER_COURSE },
  AOA_2B: { designatable: true, max: MAX_PER_COURSE },
  ANCC_CH: { designatable: true, max: MAX_PER_COURSE },
  ACPE_CPE: { designatable: true, max: MAX_PER_COURSE },
};

/** `GET /v1/credit-types`: the shared vocabulary, with what the catalog accepts for each type. */
export const CREDIT_TYPE_ENTRIES = CREDIT_TYPE_VOCABULARY.map((entry) => {
  const rule = DESIGNATION_RULES[entry.code];
  const { step } = CREDIT_TYPES[entry.code];
  return rule.designatable
    ? { ...entry, step, designatable: true, maxPerCourse: rule.max }
    : { ...entry, step, designatable: false };
});
