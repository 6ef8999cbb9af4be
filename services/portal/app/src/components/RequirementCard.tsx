import { Badge, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';

import { type RequirementStatus, type RequirementView } from '../api/compliance';

export const STATUS: Record<RequirementStatus, { label: string; color: string }> = {
  met: { label: 'Met', color: 'green' },
  'on-track': { label: 'On track', color: 'blue' },
  'at-risk': { label: 'At risk', color: 'orange' },
  unattainable: { label: 'Cannot be met in time', color: 'red' },
  overdue: { label: 'Overdue', color: 'red' },
};

const hours = (value: number) =>
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

function timeLeft(asOf: string, deadline: string): string {
  const days = daysBetween(asOf, deadline);
  if (days < 0) return `${-days} days past the deadline`;
  if (days === 0) return 'due today';
  return days === 1 ? '1 day left' : `${days} days left`;
}

/** One requirement: progress towards its hours, deadline, status colour and the hours still to earn. */
export function RequirementCard({ requirement, asOf }: { requirement: RequirementView; asOf: string }) {
  const status = STATUS[requirement.status] ?? { label: requirement.status, color: 'gray' };
  const percent =
    requirement.required > 0 ? Math.min(100, (requirement.earned / requirement.required) * 100) : 100;
  const headingId = `requirement-${requirement.id}`;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId} data-testid="requirement">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h4" id={headingId}>
            {requirement.name}
          </Title>
          <Badge color={status.color} variant="dot" size="lg" style={{ flexShrink: 0 }}>
            {status.label}
          </Badge>
        </Group>
        <Progress
          value={percent}
          color={status.color}
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
          Deadline {formatDate(requirement.deadline)} · {timeLeft(asOf, requirement.deadline)}
        </Text>
      </Stack>
    </Card>
  );
}
