import { Table, Text } from '@mantine/core';

import { hours } from '../../components/RequirementCard';
import { ScrollingTable } from '../../components/ScrollingTable';
import { type RequirementComponent } from './requirement-detail';

const KIND: Record<RequirementComponent['kind'], string> = {
  total: 'Total',
  category: 'Credit category',
  topic: 'Topic',
  cap: 'Cap',
};

/** A cap limits what counts rather than asking for hours: said in words, since its columns mean other things. */
export function capExplanation(cap: RequirementComponent): string {
  const room = cap.remaining > 0 ? `room for ${hours(cap.remaining)} more` : 'no room left';
  const counted = `At most ${hours(cap.required)} count in the current period; ${hours(cap.earned)} count so far, ${room}.`;
  return cap.excluded
    ? `${counted} ${hours(cap.excluded)} earned over the cap in this cycle do not count.`
    : counted;
}

/** What a requirement is made of: its total, category and topic minimums, and the caps on what counts. */
export function ComponentsTable({ components }: { components: readonly RequirementComponent[] }) {
  if (components.length === 0) return <Text>This requirement has no separate components.</Text>;
  return (
    <ScrollingTable
      label="Components"
      minWidth={520}
      columns={['Component', 'Kind', 'Required', 'Earned', 'Remaining']}
      testId="components"
    >
      {components.map((component) => {
        const cap = component.kind === 'cap';
        const remaining = component.remaining > 0 ? hours(component.remaining) : 'Done';
        return (
          <Table.Tr key={`${component.kind}-${component.name}`}>
            <Table.Th scope="row" fw={500}>
              {component.name}
              {cap && (
                <Text size="sm" c="gray.7" fw={400}>
                  {capExplanation(component)}
                </Text>
              )}
            </Table.Th>
            <Table.Td>{KIND[component.kind] ?? component.kind}</Table.Td>
            <Table.Td>{cap ? `at most ${hours(component.required)}` : hours(component.required)}</Table.Td>
            <Table.Td>{cap ? `${hours(component.earned)} counted` : hours(component.earned)}</Table.Td>
            <Table.Td>{cap ? `${hours(component.remaining)} of room` : remaining}</Table.Td>
          </Table.Tr>
        );
      })}
    </ScrollingTable>
  );
}
