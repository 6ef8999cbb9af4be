import { Alert, Anchor, Badge, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';

import { ApiError } from '../../api/api-client';
import { formatDate } from '../../components/RequirementCard';
import { CorrectCreditForm } from './CorrectCreditForm';
import {
  certificateUrl,
  correctCredit,
  type CreditEntry,
  labelOf,
  type Vocabularies,
  voidCredit,
} from './credits-api';

const failureMessage = (error: unknown) =>
  error instanceof ApiError ? error.message : 'Something went wrong. Try again.';

/** Runs a change of the ledger, then says how it went and reloads the history (voiding may move duplicate flags). */
async function change(action: () => Promise<unknown>, done: string, onChanged: () => void) {
  try {
    await action();
    notifications.show({ color: 'green', message: done });
    onChanged();
  } catch (error) {
    notifications.show({ color: 'red', title: 'Nothing was changed', message: failureMessage(error) });
  }
}

/** One entry of the history: what, when, how much, its certificate and status, and what can be done with it. */
export function CreditCard({
  entry,
  duplicateOf,
  vocabularies,
  onChanged,
}: {
  entry: CreditEntry;
  /** The entry this one may repeat, when it is on a loaded page. */
  duplicateOf: CreditEntry | undefined;
  vocabularies: Vocabularies;
  onChanged: () => void;
}) {
  const [correcting, setCorrecting] = useState(false);
  const headingId = `credit-${entry.id}`;
  const { title } = entry.activity;

  const confirmVoid = () =>
    modals.openConfirmModal({
      title: 'Void this credit?',
      children: (
        <Text size="sm">
          {title} ({formatDate(entry.completedOn)}) will stop counting toward your requirements. It stays in
          your history as voided.
        </Text>
      ),
      labels: { confirm: 'Void the credit', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () => void change(() => voidCredit(entry.id), `${title} was voided.`, onChanged),
    });

  return (
    <Card
      withBorder
      padding="md"
      component="article"
      aria-labelledby={headingId}
      data-testid="credit-entry"
      bg={entry.voided ? 'gray.0' : undefined}
    >
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title
            order={3}
            size="h4"
            id={headingId}
            td={entry.voided ? 'line-through' : undefined}
            style={{ flex: '1 1 14rem', minWidth: 0, overflowWrap: 'anywhere' }}
          >
            {title}
          </Title>
          <Group gap={4}>
            <Badge variant="outline" color="gray.8">
              {entry.source === 'catalog' ? 'Catalog course' : 'Outside activity'}
            </Badge>
            {entry.voided && (
              <Badge variant="filled" color="gray.8">
                Voided
              </Badge>
            )}
            {!entry.voided && entry.possibleDuplicateOf && (
              <Badge variant="dot" color="orange">
                Possible duplicate
              </Badge>
            )}
          </Group>
        </Group>
        <Text size="sm">
          Completed {formatDate(entry.completedOn)}
          {entry.activity.provider && ` · ${entry.activity.provider}`}
        </Text>
        <Text size="sm" fw={500}>
          {entry.claimed
            .map((claim) => `${claim.amount} ${labelOf(vocabularies.creditTypes, claim.type)}`)
            .join(' · ')}
        </Text>
        {entry.activity.topics.length > 0 && (
          <Text size="sm" c="gray.7">
            Topics: {entry.activity.topics.map((topic) => labelOf(vocabularies.topics, topic)).join(', ')}
          </Text>
        )}
        {entry.certificate && (
          <Text size="sm">
            <Anchor href={certificateUrl(entry.certificate.id)} target="_blank" rel="noopener">
              Certificate
            </Anchor>
          </Text>
        )}
        {!entry.voided && entry.possibleDuplicateOf && (
          <Alert
            color="orange"
            variant="light"
            title="This may repeat another credit"
            role="note"
            // The body text colour: orange text on its light background is below WCAG AA contrast.
            styles={{ title: { color: 'var(--mantine-color-text)' } }}
          >
            <Text size="sm">
              {duplicateOf
                ? `It looks like ${duplicateOf.activity.title}, completed ${formatDate(duplicateOf.completedOn)}.`
                : 'It looks like another credit in your history.'}{' '}
              It counts once until you say whether it is the same activity.
            </Text>
            <Group gap="xs" mt="xs">
              <Button
                size="xs"
                variant="default"
                onClick={() =>
                  void change(
                    () => correctCredit(entry.id, { confirmedDistinct: true }),
                    `${title} counts as a credit of its own.`,
                    onChanged,
                  )
                }
              >
                Not a duplicate: keep both
              </Button>
              <Button size="xs" variant="default" color="red" onClick={confirmVoid}>
                Same activity: void this one
              </Button>
            </Group>
          </Alert>
        )}
        {!entry.voided && (
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              onClick={() => setCorrecting(true)}
              aria-label={`Correct ${title}`}
            >
              Correct
            </Button>
            <Button
              size="xs"
              variant="default"
              color="red"
              onClick={confirmVoid}
              aria-label={`Void ${title}`}
            >
              Void
            </Button>
          </Group>
        )}
      </Stack>
      <Modal opened={correcting} onClose={() => setCorrecting(false)} title={`Correct ${title}`} size="lg">
        {correcting && (
          <CorrectCreditForm
            entry={entry}
            vocabularies={vocabularies}
            onCancel={() => setCorrecting(false)}
            onCorrected={() => {
              setCorrecting(false);
              notifications.show({ color: 'green', message: `${title} was corrected.` });
              onChanged();
            }}
          />
        )}
      </Modal>
    </Card>
  );
}
