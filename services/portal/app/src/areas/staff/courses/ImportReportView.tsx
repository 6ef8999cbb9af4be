import { Alert, Group, List, Table, Text, Title } from '@mantine/core';

import { describeFieldError } from '../field-errors';
import { type ImportReport } from './course-import';

/** What an import did: counts, then each failed row with its errors (by column or field). */
export function ImportReportView({ report }: { report: ImportReport }) {
  const failedCount = report.failedCount ?? report.failed.length;
  const counts = [
    `${report.created} created`,
    `${report.updated} updated`,
    ...(report.unchanged === undefined ? [] : [`${report.unchanged} unchanged`]),
    `${failedCount} failed`,
  ];
  return (
    <section aria-labelledby="import-report" data-testid="import-report">
      <Title order={2} size="h3" id="import-report" mb="xs">
        Import report
      </Title>
      <Group gap="md" mb="sm">
        {counts.map((count) => (
          <Text key={count} fw={600}>
            {count}
          </Text>
        ))}
      </Group>
      {failedCount === 0 ? (
        <Alert color="green" variant="light">
          Every row was imported. New courses are drafts: publish them from the course list.
        </Alert>
      ) : (
        <>
          <Text size="sm" mb="xs">
            The other rows were imported; correct these rows and import the file again (rows already imported
            are matched by externalId and not duplicated). Row 1 is the first course: the line after a CSV
            header, or the first of a JSON array.
            {failedCount > report.failed.length &&
              ` Showing the first ${report.failed.length} of ${failedCount} failed rows.`}
          </Text>
          <Table striped data-testid="failed-rows">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Row</Table.Th>
                <Table.Th>Errors</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.failed.map((failure) => (
                <Table.Tr key={failure.row}>
                  <Table.Td>{failure.row}</Table.Td>
                  <Table.Td>
                    <List size="sm">
                      {failure.errors.map((error, index) => (
                        <List.Item key={index}>{describeFieldError(error)}</List.Item>
                      ))}
                    </List>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </section>
  );
}
