import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';

import { PagedListView } from '../../components/PagedListView';
import {
  COURSE_FORMATS,
  type Course,
  type CourseSearch,
  labelOf,
  searchCourses,
  type Vocabularies,
} from './credits-api';
import { usePagedList } from '../../api/use-paged-list';
import { VocabularySelect } from './VocabularySelect';

const formatLabel = (format: string) =>
  COURSE_FORMATS.find((entry) => entry.value === format)?.label ?? format;

/** The catalog's published courses, searched by words and filtered by topic, credit type and format. */
export function CatalogSearch({
  vocabularies,
  onPick,
}: {
  vocabularies: Vocabularies;
  onPick: (course: Course) => void;
}) {
  const [typed, setTyped] = useState<CourseSearch>({});
  const [search, setSearch] = useState<CourseSearch>({});
  const courses = usePagedList(JSON.stringify(search), (cursor) => searchCourses(search, cursor));
  // The selects search at once; the words when the form is sent (Enter or the button).
  const choose = (change: CourseSearch) => {
    setTyped({ ...typed, ...change });
    setSearch({ ...typed, ...change });
  };

  return (
    <Stack gap="sm">
      <form
        role="search"
        aria-label="Catalog courses"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(typed);
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <TextInput
            label="Search the catalog"
            placeholder="Title, provider or subject"
            value={typed.q ?? ''}
            onChange={(event) => setTyped({ ...typed, q: event.currentTarget.value })}
          />
          <VocabularySelect
            label="Topic"
            placeholder="Any topic"
            entries={vocabularies.topics}
            value={typed.topic ?? null}
            onChange={(topic) => choose({ topic })}
          />
          <VocabularySelect
            label="Credit type"
            placeholder="Any credit type"
            entries={vocabularies.creditTypes}
            value={typed.creditType ?? null}
            onChange={(creditType) => choose({ creditType })}
          />
          <Select
            label="Format"
            placeholder="Any format"
            clearable
            data={COURSE_FORMATS}
            value={typed.format ?? null}
            onChange={(format) => choose({ format })}
          />
        </SimpleGrid>
        <Button type="submit" mt="sm">
          Search
        </Button>
      </form>
      <PagedListView
        list={courses}
        loadingLabel="Searching the catalog"
        empty="No published course matches. Try other words or fewer filters, or record it as an outside activity."
      >
        {(items) => (
          <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Courses found">
            {items.map((course) => (
              <Card component="li" withBorder key={course.id} padding="sm" data-testid="course-result">
                <Group justify="space-between" align="flex-start" gap="sm">
                  <Stack gap={4} style={{ flex: '1 1 16rem', minWidth: 0 }}>
                    <Title order={3} size="h5">
                      {course.title}
                    </Title>
                    <Text size="sm">
                      {course.provider.name} · {formatLabel(course.format)}
                    </Text>
                    <Text size="sm">
                      {course.credits
                        .map((credit) => `${credit.amount} ${labelOf(vocabularies.creditTypes, credit.type)}`)
                        .join(' · ')}
                    </Text>
                    <Group gap={4}>
                      {course.topics.map((topic) => (
                        <Badge key={topic} variant="outline" color="gray.8" size="sm">
                          {labelOf(vocabularies.topics, topic)}
                        </Badge>
                      ))}
                    </Group>
                  </Stack>
                  <Button onClick={() => onPick(course)} aria-label={`Claim ${course.title}`}>
                    Claim
                  </Button>
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </PagedListView>
    </Stack>
  );
}
