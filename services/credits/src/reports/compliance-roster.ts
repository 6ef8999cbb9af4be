import { pipeline, Readable } from 'node:stream';

import { type RequirementStanding } from '@cme/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';

import {
  ComplianceResultRepository,
  type RosterFilter,
  type RosterResult,
} from '../compliance/compliance-result.repository';
import { encodeRosterCursor } from './compliance-roster.dto';

/** One practitioner of the roster: where each of their requirements stands, as last stored. */
export interface RosterEntry {
  practitionerId: string;
  name: string;
  profession: string;
  licenseStates: string[];
  /** The practitioner's calendar date the stored evaluation was made for, and when it was made. */
  asOf: string;
  evaluatedAt: string;
  rulesVersion: string;
  requirements: Pick<
    RequirementStanding,
    'id' | 'name' | 'status' | 'deadline' | 'cycle' | 'required' | 'earned' | 'remaining'
  >[];
  notCovered: RosterResult['notCovered'];
}

export interface RosterPage {
  items: RosterEntry[];
  nextCursor: string | null;
}

/** Practitioners read per database round trip of the CSV export: what the export holds in memory at once. */
const CSV_PAGE = 500;

/** One row per practitioner and requirement (one row with empty requirement cells for a practitioner without any). */
const CSV_COLUMNS = [
  'practitionerId',
  'name',
  'profession',
  'licenseStates',
  'requirementId',
  'requirement',
  'status',
  'deadline',
  'cycleStart',
  'cycleEnd',
  'required',
  'earned',
  'remaining',
  'notCovered',
  'asOf',
  'evaluatedAt',
] as const;

type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number>>;

function entryOf(result: RosterResult): RosterEntry {
  return {
    practitionerId: result._id,
    name: result.practitioner.name,
    profession: result.practitioner.profession,
    licenseStates: result.practitioner.licenseStates,
    asOf: result.asOf,
    evaluatedAt: result.evaluatedAt.toISOString(),
    rulesVersion: result.rulesVersion,
    requirements: result.requirements.map(
      ({ id, name, status, deadline, cycle, required, earned, remaining }) => ({
        id,
        name,
        status,
        deadline,
        cycle,
        required,
        earned,
        remaining,
      }),
    ),
    notCovered: result.notCovered,
  };
}

function csvRowsOf(entry: RosterEntry): CsvRow[] {
  const practitioner: CsvRow = {
    practitionerId: entry.practitionerId,
    name: entry.name,
    profession: entry.profession,
    licenseStates: entry.licenseStates.join(';'),
    notCovered: entry.notCovered.map((item) => `${item.kind}:${item.code}`).join(';'),
    asOf: entry.asOf,
    evaluatedAt: entry.evaluatedAt,
  };
  if (entry.requirements.length === 0) return [practitioner];
  return entry.requirements.map((requirement) => ({
    ...practitioner,
    requirementId: requirement.id,
    requirement: requirement.name,
    status: requirement.status,
    deadline: requirement.deadline,
    cycleStart: requirement.cycle.start ?? '',
    cycleEnd: requirement.cycle.end,
    required: requirement.required,
    earned: requirement.earned,
    remaining: requirement.remaining,
  }));
}

/**
 * The staff roster: practitioners with the status of each requirement, read from the stored results (kept
 * current by the compliance listener and sweep), never evaluated per request.
 */
@Injectable()
export class ComplianceRoster {
  private readonly logger = new Logger(ComplianceRoster.name);

  constructor(@Inject(ComplianceResultRepository) private readonly results: ComplianceResultRepository) {}

  async page(filter: RosterFilter, limit: number, after?: string): Promise<RosterPage> {
    const found = await this.results.findRoster(filter, limit + 1, after);
    const items = found.slice(0, limit).map(entryOf);
    const last = items.at(-1);
    return {
      items,
      nextCursor: found.length > limit && last ? encodeRosterCursor(last.practitionerId) : null,
    };
  }

  /**
   * The whole roster as CSV, read page by page as the client takes it (a large roster never sits in memory),
   * through csv-stringify with formula-looking cells escaped (a name such as `=HYPERLINK(…)` stays text in a
   * spreadsheet). A database failure midway ends the response early, and is logged.
   */
  csv(filter: RosterFilter): Readable {
    const csv = stringify({ header: true, columns: [...CSV_COLUMNS], escape_formulas: true });
    // The pipeline pulls one page at a time, as fast as the client reads; a client that goes away stops it.
    pipeline(Readable.from(this.rows(filter)), csv, (error) => {
      if (error) this.logger.warn({ msg: 'compliance roster export ended early', error: error.message });
    });
    return csv;
  }

  private async *rows(filter: RosterFilter): AsyncGenerator<CsvRow> {
    let after: string | undefined;
    for (;;) {
      const found = await this.results.findRoster(filter, CSV_PAGE, after);
      for (const result of found) yield* csvRowsOf(entryOf(result));
      if (found.length < CSV_PAGE) return;
      after = found[found.length - 1]._id;
    }
  }
}
