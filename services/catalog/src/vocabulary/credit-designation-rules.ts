import { CREDIT_TYPE_VOCABULARY, type CreditType } from '@cme/requirements';

/** How a provider may designate one credit type on a course: in multiples of `step`, at most `max`. */
export type DesignationRule =
  { designatable: true; step: number; max: number } | { designatable: false; reason: string };

/**
 * The most any one course may designate of a type. The longest activities in the catalog (multi-day live
 * meetings, board-review enduring programmes) designate a few dozen hours; 100 catches slipped digits
 * (`80` typed as `800`) without refusing any real course.
 */
const MAX_PER_COURSE = 100;

/**
 * Per-type rules the catalog enforces on designations. The credits service checks claims against the
 * designated amounts, so a designation the accreditor would not issue must never enter the catalog.
 */
export const DESIGNATION_RULES: Record<CreditType, DesignationRule> = {
  // AMA PRA booklet: providers designate Category 1 in 0.25-credit increments (rounded to the quarter hour).
  AMA_PRA_1: { designatable: true, step: 0.25, max: MAX_PER_COURSE },
  // Category 2 is self-claimed by the physician (AMA PRA booklet); no provider may designate it.
  AMA_PRA_2: {
    designatable: false,
    reason: 'AMA PRA Category 2 credit is self-claimed by the physician; a course cannot designate it',
  },
  // ABA counts these as a kind of Category 1 credit, so they follow the Category 1 step.
  ABA_PATIENT_SAFETY: { designatable: true, step: 0.25, max: MAX_PER_COURSE },
  // AOA CME guide: credit is hour for hour; providers report quarter hours like AMA PRA Category 1.
  AOA_1A: { designatable: true, step: 0.25, max: MAX_PER_COURSE },
  AOA_1B: { designatable: true, step: 0.25, max: MAX_PER_COURSE },
  AOA_2A: { designatable: true, step: 0.25, max: MAX_PER_COURSE },
  AOA_2B: { designatable: true, step: 0.25, max: MAX_PER_COURSE },
  // ANCC (Primary Accreditation manual, as quoted by midwestnurses.org): 1 contact hour = 60 minutes, computed
  // from the activity's minutes with no fixed rounding unit, so contact hours are kept to hundredths (1.33).
  ANCC_CH: { designatable: true, step: 0.01, max: MAX_PER_COURSE },
  // ACPE (Policies and Procedures for CPE): credit in contact hours, 0.1 CEU = 1 hour, the shortest activity
  // 15 minutes; CPE Monitor records quarter hours, so 0.25 is the step.
  ACPE_CPE: { designatable: true, step: 0.25, max: MAX_PER_COURSE },
};

/** `GET /v1/credit-types`: the shared vocabulary, with what the catalog accepts for each type. */
export const CREDIT_TYPE_ENTRIES = CREDIT_TYPE_VOCABULARY.map((entry) => {
  const rule = DESIGNATION_RULES[entry.code];
  return rule.designatable
    ? { ...entry, designatable: true, step: rule.step, maxPerCourse: rule.max }
    : { ...entry, designatable: false };
});

/** Whether `amount` is a whole number of `step`s, allowing for binary floating point (0.1 + 0.2). */
export function isMultipleOf(amount: number, step: number): boolean {
  const steps = amount / step;
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}
