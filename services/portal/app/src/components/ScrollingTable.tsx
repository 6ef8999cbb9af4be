import { Table } from '@mantine/core';
import { type ReactNode } from 'react';

/**
 * A table with a header row of `columns` and its body `children` (rows). Wider than a phone, it scrolls
 * sideways in its own box, never the page; the box is a labelled region in the tab order, so that keyboard
 * users can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable). `label`: what the table lists.
 */
export function ScrollingTable({
  label,
  minWidth,
  columns,
  children,
  testId,
}: {
  label: string;
  minWidth: number;
  columns: readonly string[];
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Table.ScrollContainer
      type="native"
      minWidth={minWidth}
      tabIndex={0}
      role="region"
      aria-label={`${label}, table`}
    >
      <Table striped withTableBorder data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column} scope="col">
                {column}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
