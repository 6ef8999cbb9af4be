/**
 * @cme/requirements: board, license and federal CME requirements as versioned data (rule packs), evaluated
 * in pure TypeScript. No framework, no I/O, no clock.
 */
export { evaluateCompliance } from './evaluate';
export { loadRulePacks, compileRulePacks, type RulePackSet } from './rule-pack.loader';
export {
  parseRulePack,
  RulePackError,
  rulePackSchema,
  ruleSchema,
  conditionSchema,
  cycleSchema,
  componentSchema,
  dueRuleSchema,
  renewalConditionSchema,
  type RulePack,
  type RulePackIssue,
  type RuleVersion,
  type Condition,
  type CycleDefinition,
  type Component,
  type DueRule,
  type Award,
} from './rule-pack.schema';
export {
  practitionerProfileSchema,
  creditEntrySchema,
  licenseSchema,
  boardCertificationSchema,
  deaRegistrationSchema,
  calendarDateSchema,
  checkedCreditEntrySchema,
  checkCreditEntryConsistency,
  type PractitionerProfile,
  type CreditEntry,
  type License,
  type BoardCertification,
  type DeaRegistration,
} from './inputs.schema';
export type {
  ComplianceResult,
  RequirementIdentity,
  RequirementResult,
  ComponentResult,
  Allocation,
  Forecast,
  AwardResult,
  SkippedRequirement,
  NotCovered,
} from './compliance.types';
export { calendarDateIn } from './calendar';
export {
  CREDIT_TYPES,
  CREDIT_TYPE_CODES,
  CREDIT_TYPE_VOCABULARY,
  TOPICS,
  TOPIC_CODES,
  TOPIC_VOCABULARY,
  APPROVALS,
  APPROVAL_CODES,
  APPROVAL_VOCABULARY,
  PROFESSIONS,
  PROFILE_FLAGS,
  STATUSES,
  statusRank,
  type CreditType,
  type Topic,
  type Approval,
  type VocabularyEntry,
  type Profession,
  type ProfileFlag,
  type RequirementStatus,
} from './vocabulary';
export { AT_RISK_DEADLINE_DAYS, AT_RISK_PACE_FACTOR } from './status';
export { isWholeNumberOfSteps } from './credit-amounts';
