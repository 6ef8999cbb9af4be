/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';

import { capExplanation, ComponentsTable } from './ComponentsTable';
import { type RequirementComponent } from './requirement-detail';

const total: RequirementComponent = {
  name: 'Category 1 total',
  kind: 'total',
  required: 125,
  earned: 22,
  remaining: 103,
};
const topic: RequirementComponent = {
  name: 'Patient safety',
  kind: 'topic',
  required: 2,
  earned: 2,
  remaining: 0,
};
const cap: RequirementComponent = {
  name: 'At most 60 per calendar year',
  kind: 'cap',
  required: 60,
  earned: 22,
  remaining: 38,
  excluded: 0,
};

const renderTable = (components: RequirementComponent[]) =>
  render(
    <MantineProvider>
      <ComponentsTable components={components} />
    </MantineProvider>,
  );

describe('ComponentsTable', () => {
  it('shows each minimum with its required, earned and remaining hours', () => {
    renderTable([total, topic]);
    const totalRow = screen.getByRole('row', { name: /Category 1 total/ });
    expect(
      within(totalRow)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['Total', '125 hours', '22 hours', '103 hours']);
    const topicRow = screen.getByRole('row', { name: /Patient safety/ });
    expect(
      within(topicRow)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['Topic', '2 hours', '2 hours', 'Done']);
  });

  it('says what a cap means instead of showing its figures as hours to earn', () => {
    renderTable([total, cap]);
    const capRow = screen.getByRole('row', { name: /At most 60 per calendar year/ });
    expect(
      within(capRow)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['Cap', 'at most 60 hours', '22 hours counted', '38 hours of room']);
    expect(
      within(capRow).getByText(
        'At most 60 hours count in the current period; 22 hours count so far, room for 38 hours more.',
      ),
    ).toBeTruthy();
  });

  it('counts the hours over a cap that do not count, and says when there are no components', () => {
    expect(capExplanation({ ...cap, earned: 60, remaining: 0, excluded: 4.5 })).toBe(
      'At most 60 hours count in the current period; 60 hours count so far, no room left. 4.5 hours earned over the cap in this cycle do not count.',
    );
    renderTable([]);
    expect(screen.getByText('This requirement has no separate components.')).toBeTruthy();
  });
});
