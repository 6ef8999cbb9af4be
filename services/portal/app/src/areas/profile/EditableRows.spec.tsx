/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';

import { BoardRows, LicenseRows } from './EditableRows';
import { type Board, type License, row, type Row } from './profile';

function Licenses({ initial, errors = {} }: { initial: License[]; errors?: Record<string, string> }) {
  const [rows, setRows] = useState<Row<License>[]>(() => initial.map(row));
  return (
    <MantineProvider>
      <LicenseRows rows={rows} onChange={setRows} errorOf={(path) => errors[path]} />
      <output data-testid="value">{JSON.stringify(rows.map((current) => current.value))}</output>
    </MantineProvider>
  );
}

const value = () => JSON.parse(screen.getByTestId('value').textContent ?? '[]') as unknown[];
const texas: License = {
  state: 'TX',
  number: 'TX-Q4821',
  expiresOn: '2027-04-30',
  issuedOn: '2014-06-01',
  renewalNumber: 6,
};

describe('LicenseRows', () => {
  it('adds a row, edits it and removes another, keeping the fields it does not show', () => {
    render(<Licenses initial={[texas]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add a license' }));
    const second = screen.getByRole('group', { name: 'License 2' });
    expect(document.activeElement).toBe(within(second).getByLabelText('State'));
    fireEvent.change(within(second).getByLabelText('State'), { target: { value: 'ny' } });
    fireEvent.change(within(second).getByLabelText('License number'), { target: { value: '123456' } });
    fireEvent.change(within(second).getByLabelText('Expires on'), { target: { value: '2028-06-30' } });
    expect(value()).toEqual([texas, { state: 'NY', number: '123456', expiresOn: '2028-06-30' }]);

    fireEvent.click(screen.getByRole('button', { name: 'Remove license 1' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add a license' }));
    expect(value()).toEqual([{ state: 'NY', number: '123456', expiresOn: '2028-06-30' }]);
    expect(screen.getByRole('group', { name: 'License 1' })).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'License 2' })).toBeNull();
  });

  it('reads the first renewal from the renewal number, and replaces it once said outright', () => {
    render(<Licenses initial={[{ ...texas, renewalNumber: 1 }]} />);
    const checkbox = screen.getByLabelText('This period ends with my first renewal') as HTMLInputElement;
    expect(checkbox.checked).toBe(true);
    fireEvent.click(checkbox);
    expect(value()).toEqual(
      [{ ...texas, renewalNumber: undefined, firstRenewal: false }].map((license) =>
        JSON.parse(JSON.stringify(license)),
      ),
    );
  });

  it("shows the API's message under the field of the row it names", () => {
    render(
      <Licenses
        initial={[texas, { state: 'ZZ', number: '1', expiresOn: '2028-01-01' }]}
        errors={{ 'licenses[1].state': 'Must be a US state' }}
      />,
    );
    const state = within(screen.getByRole('group', { name: 'License 2' })).getByLabelText('State');
    expect(state.getAttribute('aria-invalid')).toBe('true');
    expect(
      within(screen.getByRole('group', { name: 'License 2' })).getByText('Must be a US state'),
    ).toBeTruthy();
    expect(
      within(screen.getByRole('group', { name: 'License 1' })).queryByText('Must be a US state'),
    ).toBeNull();
  });
});

describe('BoardRows', () => {
  it('edits the board and its cycle dates', () => {
    function Boards() {
      const [rows, setRows] = useState<Row<Board>[]>([]);
      return (
        <MantineProvider>
          <BoardRows rows={rows} onChange={setRows} errorOf={() => undefined} />
          <output data-testid="value">{JSON.stringify(rows.map((current) => current.value))}</output>
        </MantineProvider>
      );
    }
    render(<Boards />);
    expect(screen.getByText('None yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add a board certification' }));
    const board = screen.getByRole('group', { name: 'Board certification 1' });
    fireEvent.change(within(board).getByLabelText('Board'), { target: { value: 'abim' } });
    fireEvent.change(within(board).getByLabelText('Specialty'), { target: { value: 'internal-medicine' } });
    fireEvent.change(within(board).getByLabelText('Cycle ends on'), { target: { value: '2030-12-31' } });
    expect(value()).toEqual([{ board: 'ABIM', specialty: 'internal-medicine', cycleEnd: '2030-12-31' }]);
  });
});
