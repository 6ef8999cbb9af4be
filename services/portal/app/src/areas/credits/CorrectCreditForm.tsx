import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';

import { ApiError } from '../../api/api-client';
import { ClaimFields } from './ClaimFields';
import { localToday, validateActivity, validateClaim } from './claim-draft';
import {
  type ClaimedCredit,
  correctCredit,
  type CreditCorrection,
  type CreditEntry,
  type Vocabularies,
} from './credits-api';
import { useClaimForm } from './use-claim-form';

const comparable = (claimed: readonly ClaimedCredit[]) =>
  JSON.stringify(
    claimed.map(({ type, amount, topicHours }) => ({
      type,
      amount,
      topicHours: topicHours && Object.keys(topicHours).length > 0 ? topicHours : undefined,
    })),
  );

/**
 * The fields of an entry a practitioner may correct: the date, the amounts and topic hours, and for an outside
 * activity its title and provider (a catalog course's details come from the catalog). Only what changed is sent.
 */
export function CorrectCreditForm({
  entry,
  vocabularies,
  onCorrected,
  onCancel,
  correct = correctCredit,
}: {
  entry: CreditEntry;
  vocabularies: Vocabularies;
  onCorrected: (entry: CreditEntry) => void;
  onCancel: () => void;
  correct?: typeof correctCredit;
}) {
  const [title, setTitle] = useState(entry.activity.title);
  const [provider, setProvider] = useState(entry.activity.provider ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError>();
  const outside = entry.source === 'outside';
  const claim = useClaimForm(
    () => ({
      completedOn: entry.completedOn,
      rows: entry.claimed.map(({ type, amount }) => ({ type, amount })),
      topicHours: entry.claimed[0]?.topicHours ?? {},
    }),
    error,
  );
  const { body } = claim;

  function changes(): CreditCorrection {
    const activity = {
      ...(title.trim() !== entry.activity.title && { title: title.trim() }),
      ...(provider.trim() !== (entry.activity.provider ?? '') && { provider: provider.trim() }),
    };
    return {
      ...(body.completedOn !== entry.completedOn && { completedOn: body.completedOn }),
      ...(comparable(body.claimed) !== comparable(entry.claimed) && { claimed: body.claimed }),
      ...(outside && Object.keys(activity).length > 0 && { activity }),
    };
  }

  async function save() {
    const findings = validateClaim(claim.draft, localToday());
    if (!claim.check({ ...(outside && validateActivity({ title, provider })), ...findings })) return;
    const correction = changes();
    if (Object.keys(correction).length === 0) return onCancel();
    setSaving(true);
    setError(undefined);
    try {
      onCorrected(await correct(entry.id, correction));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, 'The correction was not saved.'));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack
      // The form's own messages stand next to the fields, not the browser's bubbles.
      renderRoot={(props) => <form noValidate {...props} />}
      gap="sm"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {outside && (
        <>
          <TextInput
            label="Title"
            required
            value={title}
            onChange={(event) => {
              setTitle(event.currentTarget.value);
              claim.onEdit();
            }}
            error={claim.errors['activity.title']}
          />
          <TextInput
            label="Provider"
            required
            value={provider}
            onChange={(event) => {
              setProvider(event.currentTarget.value);
              claim.onEdit();
            }}
            error={claim.errors['activity.provider']}
          />
        </>
      )}
      <ClaimFields {...claim.fields} vocabularies={vocabularies} topicCodes={entry.activity.topics} />
      {error && (
        <Alert color="red" title="The correction was not saved" role="alert">
          {error.message}
        </Alert>
      )}
      <Group gap="sm">
        <Button type="submit" loading={saving}>
          Save the correction
        </Button>
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}
