import {
  Badge,
  Button,
  Checkbox,
  CloseButton,
  Group,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';

import { requestJson } from '../../api/api-client';
import { usePagedList } from '../../api/use-paged-list';
import { useResource } from '../../api/use-resource';
import { ErrorNotice, Loading } from '../../components/LoadState';
import { PagedListView } from '../../components/PagedListView';
import { ScrollingTable } from '../../components/ScrollingTable';
import { unplacedErrors } from './field-errors';
import { FormFailure } from './FormFailure';
import { useFormSave } from './use-form-save';

const PREFERENCES_PATH = '/api/notifications/v1/notifications/me/preferences';
const DELIVERIES_PAGE = 10;

/** The notifications service's reminder preferences (`GET`/`PUT /v1/notifications/me/preferences`). */
export interface Preferences {
  remindersEnabled: boolean;
  /** Days before a deadline a reminder goes out: 1–365, at most 6. */
  offsetsDays: number[];
  /** Reminders due the same day come as one email. */
  digest: boolean;
  courseAlerts: boolean;
  /** An IANA zone; the service answers the profile's when none is set. */
  timezone?: string;
}

export interface Delivery {
  id: string;
  kind: string;
  subject?: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
}

const KIND: Record<string, string> = {
  'credit-confirmation': 'Credit recorded',
  'reminder-digest': 'Deadline reminder',
  'course-alert': 'New course',
};

const STATUS: Record<string, { label: string; color: string }> = {
  queued: { label: 'Waiting to be sent', color: 'gray' },
  sending: { label: 'Sending', color: 'blue' },
  sent: { label: 'Sent', color: 'green' },
  skipped: { label: 'Not sent', color: 'gray' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};

const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** Reminder preferences and the emails sent to the practitioner. */
export function RemindersPage() {
  const [preferences, reload] = useResource(() => requestJson<Preferences>(PREFERENCES_PATH));
  return (
    <Stack gap="xl">
      <Title order={1} size="h2">
        Reminders
      </Title>
      <Stack gap="sm" component="section" aria-labelledby="preferences-heading">
        <Title order={2} size="h3" id="preferences-heading">
          Reminder preferences
        </Title>
        {preferences.state === 'loading' && <Loading label="Loading your reminder preferences" />}
        {preferences.state === 'error' && (
          <ErrorNotice message={preferences.error.message} onRetry={reload} />
        )}
        {preferences.state === 'ready' && <PreferencesForm preferences={preferences.data} />}
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="deliveries-heading">
        <Title order={2} size="h3" id="deliveries-heading">
          Emails sent to you
        </Title>
        <Deliveries />
      </Stack>
    </Stack>
  );
}

const OFFSETS_SHOWN = new Set(['remindersEnabled', 'digest', 'courseAlerts', 'timezone']);

export function PreferencesForm({ preferences }: { preferences: Preferences }) {
  const [draft, setDraft] = useState(preferences);
  const [newOffset, setNewOffset] = useState('');
  const [newOffsetError, setNewOffsetError] = useState<string>();
  const form = useRef<HTMLFormElement>(null);
  const { saving, errors, setErrors, failure, save } = useFormSave(form);

  const change = (changes: Partial<Preferences>) => setDraft((current) => ({ ...current, ...changes }));
  // Offsets are one list on screen: every message about it (offsetsDays, offsetsDays[2]) goes under it,
  // naming the offset it is about.
  const offsetErrors = [...errors]
    .filter(([path]) => path.startsWith('offsetsDays'))
    .map(([path, message]) => {
      const index = /^offsetsDays\[(\d+)\]$/.exec(path)?.[1];
      return index === undefined ? message : `${draft.offsetsDays[Number(index)]} days: ${message}`;
    });
  const unplaced = unplacedErrors(
    new Map([...errors].filter(([path]) => !path.startsWith('offsetsDays'))),
    OFFSETS_SHOWN,
  );

  function addOffset() {
    const typed = newOffset.trim();
    if (!/^\d+$/.test(typed)) {
      setNewOffsetError('Enter a whole number of days.');
      return;
    }
    setNewOffsetError(undefined);
    setErrors(new Map());
    change({ offsetsDays: [...draft.offsetsDays, Number(typed)].sort((a, b) => b - a) });
    setNewOffset('');
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void save(
      async () => {
        const body: Preferences = { ...draft, timezone: draft.timezone?.trim() || undefined };
        setDraft(await requestJson<Preferences>(PREFERENCES_PATH, { method: 'PUT', body }));
      },
      { title: 'Preferences saved', message: 'Pending reminders are rescheduled.' },
    );
  }

  return (
    <form ref={form} onSubmit={submit} noValidate aria-label="Reminder preferences">
      <Stack gap="md">
        <Switch
          label="Email me reminders before my deadlines"
          checked={draft.remindersEnabled}
          onChange={(event) => change({ remindersEnabled: event.currentTarget.checked })}
          error={errors.get('remindersEnabled')}
        />
        <Stack gap={6} role="group" aria-labelledby="offsets-label">
          <Text fw={500} size="sm" id="offsets-label">
            When to remind me
          </Text>
          <Text size="sm" c="gray.7">
            Days before a deadline, 1 to 365, at most 6 reminders; at 9:00 in your time zone.
          </Text>
          {draft.offsetsDays.length === 0 && <Text size="sm">No reminders before deadlines.</Text>}
          <Group gap="xs" data-testid="offsets">
            {draft.offsetsDays.map((days, index) => (
              <Badge
                key={`${days}-${index}`}
                variant="outline"
                color="gray"
                size="lg"
                c="var(--mantine-color-text)"
                rightSection={
                  <CloseButton
                    size="xs"
                    aria-label={`Remove the reminder ${days} days before`}
                    onClick={() => {
                      setErrors(new Map());
                      change({ offsetsDays: draft.offsetsDays.filter((_, other) => other !== index) });
                    }}
                  />
                }
              >
                {days} days before
              </Badge>
            ))}
          </Group>
          <Group gap="xs" align="flex-end">
            <TextInput
              label="Days before a deadline"
              value={newOffset}
              onChange={(event) => setNewOffset(event.currentTarget.value)}
              error={newOffsetError}
              inputMode="numeric"
              autoComplete="off"
              w={200}
              onKeyDown={(event) => {
                // Enter adds the offset rather than saving the form with it still unadded.
                if (event.key === 'Enter') {
                  event.preventDefault();
                  addOffset();
                }
              }}
            />
            <Button variant="default" onClick={addOffset}>
              Add reminder
            </Button>
          </Group>
          {offsetErrors.length > 0 && (
            <Text size="sm" c="red.8" role="alert" data-testid="offsets-error">
              {offsetErrors.join(' ')}
            </Text>
          )}
        </Stack>
        <Checkbox
          label="Send reminders due on the same day as one email"
          checked={draft.digest}
          onChange={(event) => change({ digest: event.currentTarget.checked })}
          error={errors.get('digest')}
        />
        <Checkbox
          label="Email me when a new course would close one of my gaps"
          checked={draft.courseAlerts}
          onChange={(event) => change({ courseAlerts: event.currentTarget.checked })}
          error={errors.get('courseAlerts')}
        />
        <TextInput
          label="Time zone"
          description="e.g. America/Chicago; empty: your profile's"
          value={draft.timezone ?? ''}
          onChange={(event) => change({ timezone: event.currentTarget.value })}
          error={errors.get('timezone')}
          maw={360}
          autoComplete="off"
        />
        <FormFailure title="The preferences were not saved" failure={failure} unplaced={unplaced} />
        <Group>
          <Button type="submit" loading={saving}>
            Save preferences
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Deliveries() {
  const deliveries = usePagedList<Delivery>('deliveries', (cursor) =>
    requestJson(
      `/api/notifications/v1/notifications/me/deliveries?limit=${DELIVERIES_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
  );
  return (
    <PagedListView
      list={deliveries}
      loadingLabel="Loading the emails sent to you"
      empty={<span data-testid="no-deliveries">No emails have been sent to you yet.</span>}
    >
      {(items) => (
        <ScrollingTable
          label="Emails sent to you"
          minWidth={560}
          columns={['Sent', 'Kind', 'Subject', 'Status']}
          testId="deliveries"
        >
          {items.map((delivery) => {
            const status = STATUS[delivery.status] ?? { label: delivery.status, color: 'gray' };
            return (
              <Table.Tr key={delivery.id}>
                <Table.Td>
                  {delivery.sentAt ? dateTime.format(new Date(delivery.sentAt)) : 'Not yet'}
                </Table.Td>
                <Table.Td>{KIND[delivery.kind] ?? delivery.kind}</Table.Td>
                <Table.Td>{delivery.subject ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge variant="dot" color={status.color}>
                    {status.label}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </ScrollingTable>
      )}
    </PagedListView>
  );
}
