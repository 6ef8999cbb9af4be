/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';

import { type ImportReport } from './course-import';
import { ImportReportView } from './ImportReportView';

const renderReport = (report: ImportReport) =>
  render(
    <MantineProvider>
      <ImportReportView report={report} />
    </MantineProvider>,
  );

describe('ImportReportView', () => {
  it('counts what was done and says every row went in', () => {
    renderReport({ created: 2, updated: 1, unchanged: 0, failed: [], failedCount: 0 });
    for (const count of ['2 created', '1 updated', '0 unchanged', '0 failed']) {
      expect(screen.getByText(count)).toBeTruthy();
    }
    expect(screen.getByText(/Every row was imported/)).toBeTruthy();
    expect(screen.queryByTestId('failed-rows')).toBeNull();
  });

  it('lists each failed row with its errors, and says when only the first ones are listed', () => {
    renderReport({
      created: 1,
      updated: 0,
      unchanged: 0,
      failed: [
        {
          row: 3,
          errors: [
            { path: 'credits', message: 'expected TYPE:amount;TYPE:amount, e.g. AMA_PRA_1:8;ANCC_CH:8' },
            { path: 'providerName', message: 'Required' },
          ],
        },
        {
          row: 7,
          errors: [{ path: '', message: 'Course x is retired; a retired course cannot be changed.' }],
        },
      ],
      failedCount: 12,
    });
    expect(screen.getByText('12 failed')).toBeTruthy();
    expect(screen.getByText(/Showing the first 2 of 12 failed rows/)).toBeTruthy();
    const rows = within(screen.getByTestId('failed-rows')).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      '3credits: expected TYPE:amount;TYPE:amount, e.g. AMA_PRA_1:8;ANCC_CH:8providerName: Required',
      '7Course x is retired; a retired course cannot be changed.',
    ]);
  });
});
