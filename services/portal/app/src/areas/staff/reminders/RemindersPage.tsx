import { Button, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';

import { queryOf } from '../paging';
import { QueueDashboardLink } from './QueueDashboardLink';
import { REMINDER_STATUS_CHOICES, RemindersList } from './RemindersList';

/** `/staff/reminders?practitionerId=&status=`: reminders of everyone or of one practitioner. */
export function RemindersPage() {
  const [params, setParams] = useSearchParams();
  const practitionerId = params.get('practitionerId') ?? '';
  const status = params.get('status') ?? '';
  const [practitioner, setPractitioner] = useState(practitionerId);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setParams(queryOf({ practitionerId: practitioner.trim(), status }));
  };
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Reminders
      </Title>
      <form onSubmit={apply} role="search" aria-label="Reminder filters">
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Practitioner id"
            value={practitioner}
            onChange={(event) => setPractitioner(event.currentTarget.value)}
          />
          <NativeSelect
            label="Status"
            value={status}
            onChange={(event) => setParams(queryOf({ practitionerId, status: event.currentTarget.value }))}
            data={REMINDER_STATUS_CHOICES}
          />
          <Button type="submit" variant="default">
            Show
          </Button>
        </Group>
      </form>
      <RemindersList
        key={`${practitionerId}|${status}`}
        practitionerId={practitionerId || undefined}
        status={status || undefined}
      />
      <QueueDashboardLink />
    </Stack>
  );
}
