import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';

import { requestJson } from '../../../api/api-client';
import { formatDate } from '../../../components/RequirementCard';
import { formatDateTime } from '../format';
import { type Page, PagedList, queryOf, usePages } from '../paging';
import { StatusBadge } from '../StatusBadge';

/** A reminder of `GET /v1/reminders` (services/notifications reminder-queries.ts). */
interface Reminder {
  id: string;
  practitionerId: string;
  requirementName: string;
  deadline: string;
  kind: 'deadline' | 'at-risk';
  offsetDays?: number;
  dueAt: string;
  status: ReminderStatus;
  sentAt?: string;
  cancelledReason?: string;
}

/** The notifications service's statuses: scheduled → queued → sent | failed; scheduled or queued → cancelled. */
const REMINDER_STATUSES = {
  scheduled: { label: 'Scheduled', color: 'blue' },
  queued: { label: 'Queued', color: 'cyan' },
  sent: { label: 'Sent', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
} as const;
type ReminderStatus = keyof typeof REMINDER_STATUSES;

const PAGE_SIZE = 20;

function what(reminder: Reminder): string {
  if (reminder.kind === 'at-risk') return 'At risk';
  return reminder.offsetDays === undefined ? 'Deadline' : `${reminder.offsetDays} days before`;
}

/**
 * Reminders, soonest due first: of one practitioner (or everyone's) and of one status (or any). Give it a
 * `key` of its filters: other filters start a new list.
 */
export function RemindersList({ practitionerId, status }: { practitionerId?: string; status?: string }) {
  const pages = usePages((cursor) =>
    requestJson<Page<Reminder>>(
      `/api/notifications/v1/reminders${queryOf({ practitionerId, status, limit: String(PAGE_SIZE), cursor })}`,
    ),
  );
  return (
    <PagedList
      pages={pages}
      loadingLabel="Loading reminders"
      empty={status ? `No ${status} reminders.` : 'No reminders yet.'}
    >
      {(reminders) => (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="xs" data-testid="reminders">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Due</Table.Th>
                {!practitionerId && <Table.Th>Practitioner</Table.Th>}
                <Table.Th>Requirement</Table.Th>
                <Table.Th>Reminder</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reminders.map((reminder) => (
                <Table.Tr key={reminder.id}>
                  <Table.Td>{formatDateTime(reminder.dueAt)}</Table.Td>
                  {!practitionerId && (
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/staff/practitioners/${encodeURIComponent(reminder.practitionerId)}`}
                      >
                        {reminder.practitionerId}
                      </Anchor>
                    </Table.Td>
                  )}
                  <Table.Td>
                    {reminder.requirementName}
                    <Text size="xs">deadline {formatDate(reminder.deadline)}</Text>
                  </Table.Td>
                  <Table.Td>{what(reminder)}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={REMINDER_STATUSES[reminder.status]} />
                    {reminder.sentAt && <Text size="xs">{formatDateTime(reminder.sentAt)}</Text>}
                    {reminder.cancelledReason && <Text size="xs">{reminder.cancelledReason}</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </PagedList>
  );
}

/** The reminder status filter's choices. */
export const REMINDER_STATUS_CHOICES = [
  { value: '', label: 'Any status' },
  ...Object.entries(REMINDER_STATUSES).map(([value, { label }]) => ({ value, label })),
];
