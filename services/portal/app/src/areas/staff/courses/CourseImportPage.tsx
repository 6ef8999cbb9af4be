import { Anchor, Button, Code, FileInput, List, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';

import { ApiError } from '../../../api/api-client';
import { ErrorNotice } from '../../../components/LoadState';
import {
  EXAMPLE_CSV,
  IMPORT_COLUMNS,
  importCourses,
  type ImportReport,
  REQUIRED_IMPORT_COLUMNS,
} from './course-import';
import { ImportReportView } from './ImportReportView';

const EXAMPLE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(EXAMPLE_CSV)}`;

/** `/staff/courses/import`: a CSV or JSON file of courses in, the catalog's row report out. */
export function CourseImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setFailure('Choose a CSV or JSON file first.');
    setBusy(true);
    setFailure(undefined);
    setReport(undefined);
    try {
      setReport(await importCourses(file));
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : 'The file could not be read.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/staff/courses" size="sm">
        ← All courses
      </Anchor>
      <Title order={1} size="h2">
        Import courses
      </Title>
      <Text>
        Each row creates a draft course, or updates the course imported before with the same{' '}
        <Code>externalId</Code>. Rows are checked one by one: a row with an error is reported and the others
        are still imported.
      </Text>
      <section aria-labelledby="file-format">
        <Title order={2} size="h3" id="file-format" mb="xs">
          File format
        </Title>
        <Text size="sm" mb="xs">
          A CSV file with this header (or a JSON array of courses, each with an <Code>externalId</Code>):
        </Text>
        <Code block data-testid="csv-header" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {IMPORT_COLUMNS.join(',')}
        </Code>
        <List size="sm" mt="xs">
          <List.Item>
            Required: {REQUIRED_IMPORT_COLUMNS.join(', ')}; every other column may be empty.
          </List.Item>
          <List.Item>
            <Code>topics</Code>, <Code>professions</Code> and <Code>approvals</Code> are separated by{' '}
            <Code>;</Code>, e.g. <Code>opioid-prescribing;pain-management</Code>.
          </List.Item>
          <List.Item>
            <Code>credits</Code> is <Code>TYPE:amount;TYPE:amount</Code>, e.g.{' '}
            <Code>AMA_PRA_1:8;ANCC_CH:8</Code>.
          </List.Item>
          <List.Item>Dates are written YYYY-MM-DD.</List.Item>
        </List>
        <Anchor
          href={EXAMPLE_HREF}
          download="course-import-example.csv"
          size="sm"
          mt="xs"
          display="inline-block"
        >
          Download an example CSV file
        </Anchor>
      </section>
      <form onSubmit={upload} aria-label="Import a file">
        <Stack gap="sm" maw={480}>
          <FileInput
            label="Course file"
            description="CSV or JSON"
            accept=".csv,.json,text/csv,application/json"
            value={file}
            onChange={setFile}
            clearable
            clearButtonProps={{ 'aria-label': 'Remove the chosen file' }}
          />
          <div>
            <Button type="submit" loading={busy}>
              Import
            </Button>
          </div>
        </Stack>
      </form>
      {failure && <ErrorNotice message={failure} />}
      {report && <ImportReportView report={report} />}
    </Stack>
  );
}
