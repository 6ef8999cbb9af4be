import { type CountedCredit } from '../ledger/credit-entry.repository';
import { type Practitioner } from '../practitioners/practitioner';

/** Practitioners remembered at once: a burst concerns one practitioner, so a few hundred are plenty. */
const CAPACITY = 1000;

interface Evaluated {
  profileVersion: number;
  entryVersions: Map<string, number>;
}

/**
 * What this instance's last stored evaluation of each recent practitioner was made from: the profile's version
 * and each ledger entry's. A change event whose version that evaluation had already read needs no
 * re-evaluation of its own: a transcript import of 50 credits is evaluated once or twice, not 50 times.
 *
 * Sound because a stored result is only ever replaced by an evaluation that read the ledger later (each refresh
 * reads the stored result before the ledger and writes on the revision it read), and versions only grow.
 */
export class EvaluatedLedgers {
  private readonly recent = new Map<string, Evaluated>();

  remember(practitioner: Practitioner, entries: readonly CountedCredit[]): void {
    this.recent.delete(practitioner.id);
    if (this.recent.size >= CAPACITY) this.recent.delete(this.recent.keys().next().value as string);
    this.recent.set(practitioner.id, {
      profileVersion: practitioner.version,
      entryVersions: new Map(entries.map((entry) => [entry.id, entry.version])),
    });
  }

  /** Whether the last stored evaluation read the profile at `version` or later. */
  hasProfile(practitionerId: string, version: number): boolean {
    const evaluated = this.recent.get(practitionerId);
    return evaluated !== undefined && evaluated.profileVersion >= version;
  }

  /** Whether the last stored evaluation read the entry at `version` or later. */
  hasEntry(practitionerId: string, entryId: string, version: number): boolean {
    const seen = this.recent.get(practitionerId)?.entryVersions.get(entryId);
    return seen !== undefined && seen >= version;
  }
}
