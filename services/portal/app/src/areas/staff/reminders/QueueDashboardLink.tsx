import { Alert, Anchor, Code, Text } from '@mantine/core';

/** The queue dashboard: the notifications service's, which the portal forwards with the staff session's token. */
export function QueueDashboardLink() {
  return (
    <Alert color="gray" variant="light" title="Queue dashboard" data-testid="queue-dashboard">
      <Text size="sm">
        The email, reminder sweep and course alert queues, job by job:{' '}
        {/* A page of its own (bull-board), not one of the app's: the browser loads it whole. */}
        <Anchor href="/admin/queues" target="_blank" rel="noopener">
          open the queue dashboard
        </Anchor>
        . It is off in production unless the notifications service runs with{' '}
        <Code>QUEUE_DASHBOARD_ENABLED=true</Code>.
      </Text>
    </Alert>
  );
}
