import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { requestJson } from '../../../api/api-client';
import { formatDateTime } from '../format';
import { type Page, PagedList, queryOf, usePages } from '../paging';
import { StatusBadge } from '../StatusBadge';
import { type Course, COURSE_FORMATS, COURSE_STATUSES, type CourseStatus, COURSES_API } from './course-api';
import { LIFECYCLE } from './lifecycle';

const PAGE_SIZE = 20;

/** `/staff/courses`: the catalog's courses of one status, searched by words; filters live in the address. */
export function CourseListPage() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'published') as CourseStatus;
  const q = params.get('q') ?? '';
  const [words, setWords] = useState(q);
  const search = (event: FormEvent) => {
    event.preventDefault();
    setParams(queryOf({ status, q: words.trim() }));
  };
  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <Title order={1} size="h2">
          Courses
        </Title>
        <Group gap="sm">
          <Button component={Link} to="/staff/courses/new">
            New course
          </Button>
          <Button component={Link} to="/staff/courses/import" variant="default">
            Import courses
          </Button>
        </Group>
      </Group>
      <form onSubmit={search} role="search" aria-label="Courses">
        <Group align="flex-end" gap="sm">
          <NativeSelect
            label="Status"
            value={status}
            onChange={(event) => setParams(queryOf({ status: event.currentTarget.value, q }))}
            data={COURSE_STATUSES}
          />
          <TextInput
            label="Search"
            placeholder="Words of the title or provider"
            value={words}
            onChange={(event) => setWords(event.currentTarget.value)}
            style={{ flex: '1 1 14rem' }}
          />
          <Button type="submit" variant="default">
            Search
          </Button>
        </Group>
      </form>
      <CourseResults key={`${status}|${q}`} status={status} q={q} />
    </Stack>
  );
}

function CourseResults({ status, q }: { status: CourseStatus; q: string }) {
  const pages = usePages((cursor) =>
    requestJson<Page<Course>>(`${COURSES_API}${queryOf({ status, q, limit: String(PAGE_SIZE), cursor })}`),
  );
  const formatLabel = (format: string) =>
    COURSE_FORMATS.find((entry) => entry.value === format)?.label ?? format;
  return (
    <PagedList
      pages={pages}
      loadingLabel="Loading courses"
      empty={
        q
          ? `No ${LIFECYCLE[status].label.toLowerCase()} course matches “${q}”.`
          : `There are no ${LIFECYCLE[status].label.toLowerCase()} courses.`
      }
    >
      {(courses) => (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="xs" data-testid="course-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Title</Table.Th>
                <Table.Th>Provider</Table.Th>
                <Table.Th>Format</Table.Th>
                <Table.Th>Credits</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {courses.map((course) => (
                <Table.Tr key={course.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/staff/courses/${course.id}`}>
                      {course.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{course.provider.name}</Table.Td>
                  <Table.Td>{formatLabel(course.format)}</Table.Td>
                  <Table.Td>
                    {course.credits.map((credit) => `${credit.amount} ${credit.type}`).join(', ')}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={LIFECYCLE[course.status]} />
                    <Text size="xs">version {course.version}</Text>
                  </Table.Td>
                  <Table.Td>{formatDateTime(course.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </PagedList>
  );
}
