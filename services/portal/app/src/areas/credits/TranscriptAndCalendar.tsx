import { Anchor, Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';

import { ApiError } from '../../api/api-client';
import { formatDate } from '../../components/RequirementCard';
import {
  type CalendarSubscription,
  revokeCalendarSubscription,
  subscribeToCalendar,
  transcriptUrl,
} from './credits-api';

/** Downloads of the transcript, and the address a calendar app subscribes to for the deadlines. */
export function TranscriptAndCalendar() {
  const [subscription, setSubscription] = useState<CalendarSubscription>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();

  async function act(action: () => Promise<CalendarSubscription | undefined>, done?: string) {
    setBusy(true);
    setMessage(undefined);
    try {
      setSubscription(await action());
      if (done) setMessage({ text: done, error: false });
    } catch (failure) {
      setMessage({
        text: failure instanceof ApiError ? failure.message : 'Something went wrong. Try again.',
        error: true,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="sm">
      <Text size="sm">
        Your transcript lists every credit that counts and where you stand on each requirement:{' '}
        <Anchor href={transcriptUrl('pdf')} download>
          download the transcript (PDF)
        </Anchor>{' '}
        or{' '}
        <Anchor href={transcriptUrl('csv')} download>
          as a spreadsheet (CSV)
        </Anchor>
        .
      </Text>
      <Text size="sm">
        Subscribe to your deadlines in a calendar app with a private address. Anyone holding it sees your
        deadlines; a new address replaces the former one.
      </Text>
      {subscription && (
        <Group align="flex-end" gap="xs">
          <TextInput
            label={`Calendar address (made ${formatDate(subscription.createdAt.slice(0, 10))})`}
            value={subscription.url}
            readOnly
            onFocus={(event) => event.currentTarget.select()}
            style={{ flex: '1 1 16rem', minWidth: 0 }}
          />
          <CopyButton value={subscription.url}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      )}
      <Group gap="xs">
        <Button variant="default" loading={busy} onClick={() => void act(subscribeToCalendar)}>
          {subscription ? 'Make a new address' : 'Make a calendar address'}
        </Button>
        <Button
          variant="subtle"
          color="red"
          disabled={busy}
          onClick={() =>
            void act(
              () => revokeCalendarSubscription().then(() => undefined),
              'Your calendar address was revoked: calendar apps no longer receive your deadlines.',
            )
          }
        >
          Revoke the calendar address
        </Button>
      </Group>
      {message && (
        <Text size="sm" c={message.error ? 'red.8' : undefined} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </Text>
      )}
    </Stack>
  );
}
