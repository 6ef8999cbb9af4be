import { Alert, Anchor, Button, FileInput, Group, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';

import { ApiError } from '../../api/api-client';
import { CREDIT_IMPORT_TEMPLATE_URL, type CreditImportReport, importCredits } from './credits-api';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What an import did: rows recorded, flagged as possible duplicates, and each failed row with its reasons. */
export function ImportReport({ report }: { report: CreditImportReport }) {
  const failed = report.failedCount ?? report.failed.length;
  return (
    <Alert
      color={failed > 0 ? 'orange' : 'green'}
      variant="light"
      title="Import finished"
      role="status"
      data-testid="import-report"
      // Body text colour for the title: the alert colours are too faint for text on their light background.
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
    >
      <Text size="sm">
        {count(report.created, 'credit recorded', 'credits recorded')},{' '}
        {count(report.duplicates, 'possible duplicate', 'possible duplicates')},{' '}
        {count(failed, 'row failed', 'rows failed')}.
      </Text>
      {report.failed.length > 0 && (
        <List size="sm" mt="xs" spacing={4}>
          {report.failed.map(({ row, errors }) => (
            <List.Item key={row}>
              Row {row}:{' '}
              {errors
                .map((error) => (error.path ? `${error.path}: ${error.message}` : error.message))
                .join('; ')}
            </List.Item>
          ))}
        </List>
      )}
      {failed > report.failed.length && (
        <Text size="sm" mt="xs">
          Only the first {report.failed.length} failed rows are listed.
        </Text>
      )}
    </Alert>
  );
}

/** A transcript from elsewhere, as a CSV of the service's template, recorded row by row. */
export function CreditImport({
  onImported,
  send = importCredits,
}: {
  onImported: () => void;
  send?: typeof importCredits;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [importing, setImporting] = useState(false);
  const [report, setReport] = useState<CreditImportReport>();
  const [error, setError] = useState<string>();

  async function run(chosen: File) {
    setImporting(true);
    setError(undefined);
    setReport(undefined);
    try {
      setReport(await send(chosen));
      onImported();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'The file could not be imported.');
    } finally {
      setImporting(false);
    }
  }

  return (
    <Stack
      component="form"
      gap="sm"
      aria-label="Import credits"
      onSubmit={(event) => {
        event.preventDefault();
        if (file) void run(file);
        else setError('Choose a CSV file first.');
      }}
    >
      <Text size="sm">
        Record many outside activities at once from a CSV file laid out like the{' '}
        <Anchor href={CREDIT_IMPORT_TEMPLATE_URL}>import template</Anchor>. Each row is recorded on its own; a
        row with a mistake is reported and the others are still recorded.
      </Text>
      <Group align="flex-end" gap="sm">
        <FileInput
          label="CSV file"
          placeholder="Choose a file"
          // The placeholder is an element here, and its default grey is below WCAG AA contrast.
          styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
          accept=".csv,text/csv"
          value={file}
          onChange={(chosen) => {
            setFile(chosen);
            setError(undefined);
          }}
          error={error}
          clearable
          w={{ base: '100%', xs: 320 }}
        />
        <Button type="submit" loading={importing}>
          Import
        </Button>
      </Group>
      {report && <ImportReport report={report} />}
    </Stack>
  );
}
