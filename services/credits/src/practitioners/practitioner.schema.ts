import { type DomainEvent } from '@cme/contracts';
import { outboxSchemaField } from '@cme/messaging';
import { Schema } from 'mongoose';

import { type PractitionerProfile } from './practitioner';

export const PRACTITIONER_MODEL = 'Practitioner';

/** A practitioner as stored: the profile beside its version and outbox (`_id` is the token's `sub`). */
export interface PractitionerDocument {
  _id: string;
  version: number;
  profile: PractitionerProfile;
  createdAt: Date;
  updatedAt: Date;
  /** Events caused by the last changes, published and cleared by the outbox relay. */
  outbox: DomainEvent[];
}

export const PractitionerSchema = new Schema<PractitionerDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    // Validated at the edge (PractitionerProfileInputSchema); stored as the API shows it.
    profile: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaField,
  },
  { collection: 'practitioners', versionKey: false, minimize: false },
);
