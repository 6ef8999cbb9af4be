import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { Fragment } from 'react';

import { formatDateTime } from '../format';
import { type Course, type CourseStatus } from './course-api';
import { LIFECYCLE } from './lifecycle';

/**
 * Where a course stands in its lifecycle, its version and dates, and the moves its state allows: publish a
 * draft (its saved content: unsaved changes must be saved first), retire a published course after a
 * confirmation. A retired course allows none.
 */
export function CourseStatusPanel({
  course,
  unsavedChanges,
  busy,
  onPublish,
  onRetire,
}: {
  course: Course;
  unsavedChanges: boolean;
  busy: boolean;
  onPublish: () => void;
  onRetire: () => void;
}) {
  const state = LIFECYCLE[course.status];
  const confirmRetire = () =>
    modals.openConfirmModal({
      title: `Retire “${course.title}”?`,
      children: (
        <Text size="sm">
          The course leaves the catalog: practitioners can no longer find or claim it, and it cannot be edited
          or published again. Credits already claimed for it still count.
        </Text>
      ),
      labels: { confirm: 'Retire the course', cancel: 'Keep it published' },
      confirmProps: { color: 'red.9' },
      onConfirm: onRetire,
    });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="course-status">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4" id="course-status">
            Status
          </Title>
          <Badge color={state.color} variant="dot" size="lg" data-testid="course-status">
            {state.label}
          </Badge>
        </Group>
        <Text size="sm" data-testid="course-version">
          Version {course.version} · updated {formatDateTime(course.updatedAt)}
          {course.publishedAt && ` · published ${formatDateTime(course.publishedAt)}`}
          {course.externalId && ` · imported as ${course.externalId}`}
        </Text>
        <Text size="sm">{state.explanation}</Text>
        <Text size="sm" data-testid="course-lifecycle">
          Lifecycle:{' '}
          {(Object.keys(LIFECYCLE) as CourseStatus[]).map((status, index) => (
            <Fragment key={status}>
              {index > 0 && ' → '}
              <Text span size="sm" fw={status === course.status ? 700 : undefined}>
                {LIFECYCLE[status].label} ({LIFECYCLE[status].allows}){status === course.status && ', now'}
              </Text>
            </Fragment>
          ))}
        </Text>
        {(state.canPublish || state.canRetire) && (
          <Group gap="sm">
            {state.canPublish && (
              <Button onClick={onPublish} loading={busy} disabled={unsavedChanges}>
                Publish
              </Button>
            )}
            {state.canRetire && (
              <Button color="red.9" variant="outline" onClick={confirmRetire} disabled={busy}>
                Retire
              </Button>
            )}
            {state.canPublish && unsavedChanges && (
              <Text size="sm">Save your changes before publishing.</Text>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
