import { AppException, FailedRows, type FieldError, fieldErrors } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';

import { ImportedCourseSchema } from '../courses/course.dto';
import { CourseLifecycleService } from '../courses/course-lifecycle.service';

/** One course of an import as read from the file (1-based `row`), or why it could not be read. */
export type ImportRow = { row: number } & ({ course: unknown } | { errors: FieldError[] });

export interface ImportSummary {
  created: number;
  updated: number;
  /** Rows whose course already held exactly this content: nothing was written. */
  unchanged: number;
  /** The first failures, in row order; `failedCount` counts them all. */
  failed: { row: number; errors: FieldError[] }[];
  failedCount: number;
}

/**
 * Imports courses one row at a time, each validated and stored on its own: a bad row fails alone and never
 * stops the rows after it. Rows are matched by `externalId`, so importing a file again changes nothing.
 */
@Injectable()
export class CourseImportService {
  constructor(@Inject(CourseLifecycleService) private readonly courses: CourseLifecycleService) {}

  async run(
    rows: AsyncIterable<ImportRow> | Iterable<ImportRow>,
    nameOf: (path: string) => string = (path) => path,
  ): Promise<ImportSummary> {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const failures = new FailedRows();
    const rowOfExternalId = new Map<string, number>();
    const fail = (row: number, errors: FieldError[]) =>
      failures.add(
        row,
        errors.map((error) => ({ ...error, path: nameOf(error.path) })),
      );
    for await (const row of rows) {
      if ('errors' in row) {
        fail(row.row, row.errors);
        continue;
      }
      const parsed = ImportedCourseSchema.safeParse(row.course);
      if (!parsed.success) {
        fail(row.row, fieldErrors(parsed.error));
        continue;
      }
      const { externalId, ...content } = parsed.data;
      // A second row for one course in one file would silently overwrite the first: the later one fails.
      const firstRow = rowOfExternalId.get(externalId);
      if (firstRow !== undefined) {
        fail(row.row, [
          { path: 'externalId', message: `duplicate externalId in this file (row ${firstRow})` },
        ]);
        continue;
      }
      rowOfExternalId.set(externalId, row.row);
      try {
        counts[await this.courses.importCourse(externalId, content)] += 1;
      } catch (error) {
        // A row the catalog refuses (a retired course, a concurrent change) fails alone; an outage does not.
        if (!(error instanceof AppException) || error.status >= 500) throw error;
        fail(row.row, [{ path: '', message: error.detail }]);
      }
    }
    return { ...counts, failed: failures.failed, failedCount: failures.failedCount };
  }
}
