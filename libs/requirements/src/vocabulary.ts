/**
 * The credit currencies the rule packs may name. `measure` groups the types that express the same minutes
 * in one accreditation system: two entries of one activity on one day in *different* measures are the same
 * time claimed twice (count once), while different types in the *same* measure are separate portions of the
 * activity (ACCME: an activity with patient-safety and general CME yields two records, both counting).
 *
 * `step` is the smallest unit in which the type is designated and claimed; every amount is a whole number of
 * steps (see `isWholeNumberOfSteps`):
 * - AMA PRA Category 1 and 2, and ABA patient-safety CME (a kind of Category 1): quarter credits (AMA PRA
 *   booklet: credit is rounded to the nearest quarter hour; Category 2 is self-claimed in the same unit).
 * - AOA categories: hour for hour, reported in quarter hours like AMA PRA Category 1 (AOA CME guide).
 * - ANCC contact hours: 60 minutes each, computed from an activity's minutes with no fixed rounding unit, so
 *   kept to hundredths (1.33) (ANCC Primary Accreditation manual, as midwestnurses.org quotes it).
 * - ACPE contact hours: CPE Monitor records quarter hours (ACPE Policies and Procedures for CPE).
 */
export const CREDIT_TYPES = {
  AMA_PRA_1: { measure: 'ama', step: 0.25, label: 'AMA PRA Category 1 Credit' },
  AMA_PRA_2: { measure: 'ama', step: 0.25, label: 'AMA PRA Category 2 Credit (self-claimed)' },
  ABA_PATIENT_SAFETY: {
    measure: 'ama',
    step: 0.25,
    label: 'ABA-approved patient-safety CME (a kind of Category 1)',
  },
  AOA_1A: { measure: 'aoa', step: 0.25, label: 'AOA Category 1-A' },
  AOA_1B: { measure: 'aoa', step: 0.25, label: 'AOA Category 1-B' },
  AOA_2A: { measure: 'aoa', step: 0.25, label: 'AOA Category 2-A' },
  AOA_2B: { measure: 'aoa', step: 0.25, label: 'AOA Category 2-B' },
  ANCC_CH: { measure: 'ancc', step: 0.01, label: 'ANCC nursing contact hour (60 minutes)' },
  ACPE_CPE: { measure: 'acpe', step: 0.25, label: 'ACPE pharmacy CPE contact hour' },
} as const;

export type CreditType = keyof typeof CREDIT_TYPES;

export const CREDIT_TYPE_CODES = Object.keys(CREDIT_TYPES) as [CreditType, ...CreditType[]];

/**
 * The topic vocabulary shared by the catalog (course topics), the credits service (credit topics) and the rule
 * packs (topic minimums and caps), so that a course tagged in the catalog counts toward the rules that name the
 * topic. Rule packs may only name these codes (the schema checks). "Pharmacology" is a topic, not a credit type:
 * nurse practitioners' pharmacotherapeutics hours are credits tagged with it.
 */
export const TOPICS = {
  'pain-management': 'Pain management',
  'opioid-prescribing': 'Opioid prescribing',
  'controlled-substances': 'Controlled-substance prescribing and monitoring',
  'substance-use-disorder': 'Opioid and other substance use disorders',
  'palliative-care': 'Palliative care',
  'end-of-life-care': 'End-of-life care and care of the terminally ill',
  'patient-safety': 'Patient safety',
  'medical-errors': 'Prevention of medical errors',
  ethics: 'Medical ethics and professional responsibility',
  'domestic-violence': 'Domestic violence',
  'human-trafficking': 'Human trafficking',
  'hiv-aids': 'HIV/AIDS',
  'infection-control': 'Infection control',
  geriatrics: 'Geriatric medicine',
  pharmacology: 'Pharmacology and pharmacotherapeutics',
  'self-assessment': 'Self-assessment',
  'implicit-bias': 'Implicit bias',
} as const;

export type Topic = keyof typeof TOPICS;

export const TOPIC_CODES = Object.keys(TOPICS) as [Topic, ...Topic[]];

/** One entry of a controlled vocabulary, as the catalog serves it (`GET /v1/topics`, `GET /v1/credit-types`). */
export interface VocabularyEntry<Code extends string = string> {
  code: Code;
  label: string;
}

export const TOPIC_VOCABULARY: readonly VocabularyEntry<Topic>[] = Object.freeze(
  TOPIC_CODES.map((code) => Object.freeze({ code, label: TOPICS[code] })),
);

export const CREDIT_TYPE_VOCABULARY: readonly VocabularyEntry<CreditType>[] = Object.freeze(
  CREDIT_TYPE_CODES.map((code) => Object.freeze({ code, label: CREDIT_TYPES[code].label })),
);

/**
 * Approvals an activity can carry beyond its accreditation: some topic mandates count only a course approved by a
 * named body. Staff set them on catalog courses; a practitioner declares them for an outside course (certificate).
 * Rule packs may only name these codes (`requiresApproval`, schema-checked).
 */
export const APPROVALS = {
  'fl-board-approved-controlled-substance':
    'Florida Board of Medicine-approved course on prescribing controlled substances (Fla. Stat. 456.0301)',
  'ny-approved-pain-palliative-addiction':
    'New York Department of Health-approved coursework in pain management, palliative care and addiction (PHL 3309-a)',
  'ny-approved-infection-control':
    'New York-approved infection-control and barrier-precautions course (PHL 239)',
  'tx-hhsc-approved-human-trafficking':
    'Texas HHSC-approved human-trafficking prevention course (Occ. Code 116.002, 156.060)',
} as const;

export type Approval = keyof typeof APPROVALS;

export const APPROVAL_CODES = Object.keys(APPROVALS) as [Approval, ...Approval[]];

export const APPROVAL_VOCABULARY: readonly VocabularyEntry<Approval>[] = Object.freeze(
  APPROVAL_CODES.map((code) => Object.freeze({ code, label: APPROVALS[code] })),
);

/**
 * `physician` is an MD; a DO is `osteopathic-physician` (some boards license both, some only one: each pack's
 * `appliesTo.professions` says which); `fellow` is a physician in fellowship training.
 */
export const PROFESSIONS = [
  'physician',
  'osteopathic-physician',
  'physician-assistant',
  'nurse-practitioner',
  'pharmacist',
  'fellow',
] as const;

export type Profession = (typeof PROFESSIONS)[number];

/** Profile flags a rule may test. `geriatricPractice`: more than 25% of patients are 65 or older (CA). */
export const PROFILE_FLAGS = ['directPatientCare', 'painClinic', 'geriatricPractice'] as const;

export type ProfileFlag = (typeof PROFILE_FLAGS)[number];

/**
 * Requirement statuses, best first. The index is the order used by "status never worsens when a credit is
 * added": met < on-track < at-risk < unattainable < overdue.
 */
export const STATUSES = ['met', 'on-track', 'at-risk', 'unattainable', 'overdue'] as const;

export type RequirementStatus = (typeof STATUSES)[number];

export function statusRank(status: RequirementStatus): number {
  return STATUSES.indexOf(status);
}
