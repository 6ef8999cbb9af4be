import { type ComplianceEvaluated, type DomainEvent, type RequirementStanding } from '@cme/contracts';
import { outboxSchemaField } from '@cme/messaging';
import { Schema } from 'mongoose';

export const COMPLIANCE_RESULT_MODEL = 'ComplianceResult';

/**
 * A practitioner's last stored evaluation (`_id` is the practitioner id): what reminders and the staff roster
 * read, never evaluated on the fly per request. `revision` orders writes; `version` counts the published
 * evaluations (each one a compliance-evaluated event in the outbox of the same write).
 */
export interface ComplianceResultDocument {
  _id: string;
  revision: number;
  version: number;
  rulesVersion: string;
  asOf: string;
  evaluatedAt: Date;
  /** When the practitioner's calendar turns to the next day: statuses move with time, so look again then. */
  nextEvaluationAt: Date;
  /** Digest of what a change of is worth an event: statuses, deadlines, remaining hours, not-covered items. */
  standingDigest: string;
  requirements: RequirementStanding[];
  notCovered: ComplianceEvaluated['notCovered'];
  /** For the staff roster's filters. */
  practitioner: { name: string; profession: string; licenseStates: string[] };
  outbox: DomainEvent[];
}

export const ComplianceResultSchema = new Schema<ComplianceResultDocument>(
  {
    _id: { type: String, required: true },
    revision: { type: Number, required: true },
    version: { type: Number, required: true },
    rulesVersion: { type: String, required: true },
    asOf: { type: String, required: true },
    evaluatedAt: { type: Date, required: true },
    nextEvaluationAt: { type: Date, required: true },
    standingDigest: { type: String, required: true },
    requirements: { type: Schema.Types.Mixed, required: true },
    notCovered: { type: Schema.Types.Mixed, required: true },
    practitioner: { type: Schema.Types.Mixed, required: true },
    ...outboxSchemaField,
  },
  { collection: 'compliance_results', versionKey: false, minimize: false },
);

// Every write is conditional on the revision it was computed from. `_id` alone is unique already; this index
// exists for servers that answer a query from a unique index only when the query names exactly its fields
// (mongo-java-server scans the whole collection for `{_id, revision}` otherwise, once per write).
ComplianceResultSchema.index({ _id: 1, revision: 1 }, { unique: true });
// The sweeps: results made with older rule packs, and results whose practitioner's day has turned.
ComplianceResultSchema.index({ rulesVersion: 1, _id: 1 });
ComplianceResultSchema.index({ nextEvaluationAt: 1, _id: 1 });
// The roster's filters.
ComplianceResultSchema.index({ 'requirements.status': 1, _id: 1 });
ComplianceResultSchema.index({ 'practitioner.licenseStates': 1, _id: 1 });
