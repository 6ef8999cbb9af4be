import { Alert, Code, Text } from '@mantine/core';

/**
 * Why the queue dashboard is not a link: the notifications service serves it at /admin/queues to a caller
 * with a staff access token in an `Authorization` header, which a browser's portal session never holds
 * (its tokens stay on the portal's side), and the portal forwards only the services' `/v1` API.
 */
export function QueueDashboardNote() {
  return (
    <Alert color="gray" variant="light" title="Queue dashboard" data-testid="queue-dashboard">
      <Text size="sm">
        The email, reminder sweep and course alert queues are shown by the notifications service&apos;s
        dashboard at <Code>/admin/queues</Code>. It cannot be opened from the portal: it asks for a staff
        access token in the request&apos;s Authorization header, which a portal session does not give the
        browser, and the portal forwards only the services&apos; API. Operators open it on the notifications
        service with a staff token; it is off in production unless <Code>QUEUE_DASHBOARD_ENABLED=true</Code>.
      </Text>
    </Alert>
  );
}
