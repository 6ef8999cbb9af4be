import { Anchor, Badge, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import { type RequirementStatus, type RequirementView } from '../api/compliance';

export const STATUS: Record<RequirementStatus, { label: string; color: string }> = {
  met: { label: 'Met', color: 'green' },
  'on-track': { label: 'On track', color: 'blue' },
  'at-risk': { label: 'At risk', color: 'orange' },
  unattainable: { label: 'Cannot be met in time', color: 'red' },
  overdue: { label: 'Overdue', color: 'red' },
};

export const hours = (value: number) =>
  `${Number.isInteger(value) ? value : value.toFixed(1)} ${value === 1 ? 'hour' : 'hours'}`;

/** A calendar date (YYYY-MM-DD) as people read it, e.g. "Dec 31, 2031". */
export function formatDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** Whole days from `asOf` to `deadline` (both calendar dates). */
export function daysBetween(asOf: string, deadline: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${asOf}T00:00:00Z`)) / 86_400_000);
}

function timeLeft(asOf: string, { deadline, status }: RequirementView): string {
  // A met one-time requirement (e.g. the DEA's MATE training) keeps a deadline long past: nothing is late.
  if (status === 'met') return 'met';
  const days = daysBetween(asOf, deadline);
  if (days < 0) return `${-days} days past the deadline`;
  if (days === 0) return 'due today';
  return days === 1 ? '1 day left' : `${days} days left`;
}

const requirementPath = (id: string) => `/requirements/${encodeURIComponent(id)}`;

/** A requirement's status in words and a colour (the words are always shown: never the colour alone). */
export const statusOf = (requirement: RequirementView) =>
  STATUS[requirement.status] ?? { label: requirement.status, color: 'gray' };

/** The progress bar, earned of required and the hours to go, and the deadline with the days left. */
export function RequirementProgress({ requirement, asOf }: { requirement: RequirementView; asOf: string }) {
  const percent =
    requirement.required > 0 ? Math.min(100, (requirement.earned / requirement.required) * 100) : 100;
  return (
    <>
      <Progress
        value={percent}
        color={statusOf(requirement).color}
        size="lg"
        aria-label={`${requirement.name}: ${hours(requirement.earned)} of ${hours(requirement.required)}`}
      />
      <Group justify="space-between" gap="xs">
        <Text size="sm">
          {hours(requirement.earned)} of {hours(requirement.required)}
        </Text>
        <Text size="sm" fw={600}>
          {requirement.remaining > 0 ? `${hours(requirement.remaining)} to go` : 'Complete'}
        </Text>
      </Group>
      <Text size="sm" c="gray.7">
        Deadline {formatDate(requirement.deadline)} · {timeLeft(asOf, requirement)}
      </Text>
    </>
  );
}

/** One requirement: progress towards its hours, deadline, status colour and the hours still to earn. */
export function RequirementCard({ requirement, asOf }: { requirement: RequirementView; asOf: string }) {
  const status = statusOf(requirement);
  const headingId = `requirement-${requirement.id}`;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId} data-testid="requirement">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2} size="h4" id={headingId}>
            <Anchor component={Link} to={requirementPath(requirement.id)} inherit>
              {requirement.name}
            </Anchor>
          </Title>
          <Badge color={status.color} variant="dot" size="lg" style={{ flexShrink: 0 }}>
            {status.label}
          </Badge>
        </Group>
        <RequirementProgress requirement={requirement} asOf={asOf} />
      </Stack>
    </Card>
  );
}
