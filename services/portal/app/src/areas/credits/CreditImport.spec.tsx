/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';

import { ImportReport } from './CreditImport';

const renderReport = (report: Parameters<typeof ImportReport>[0]['report']) =>
  render(
    <MantineProvider>
      <ImportReport report={report} />
    </MantineProvider>,
  );

describe('ImportReport', () => {
  it('counts the rows and lists each failed one with its reasons', () => {
    renderReport({
      created: 2,
      duplicates: 1,
      failedCount: 2,
      failed: [
        { row: 3, errors: [{ path: 'credits[0].amount', message: 'AMA_PRA_1 is claimed in steps of 0.25' }] },
        {
          row: 5,
          errors: [
            { path: 'title', message: 'required' },
            { path: '', message: 'the same credit as row 1' },
          ],
        },
      ],
    });
    const report = screen.getByTestId('import-report');
    expect(report.textContent).toContain('2 credits recorded, 1 possible duplicate, 2 rows failed.');
    const rows = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(rows).toEqual([
      'Row 3: credits[0].amount: AMA_PRA_1 is claimed in steps of 0.25',
      'Row 5: title: required; the same credit as row 1',
    ]);
  });

  it('says when only the first failed rows are listed', () => {
    renderReport({
      created: 1,
      duplicates: 0,
      failedCount: 1500,
      failed: [{ row: 2, errors: [{ path: 'completedOn', message: 'must be a date' }] }],
    });
    expect(screen.getByText('1 credit recorded, 0 possible duplicates, 1500 rows failed.')).toBeTruthy();
    expect(screen.getByText('Only the first 1 failed rows are listed.')).toBeTruthy();
  });
});
