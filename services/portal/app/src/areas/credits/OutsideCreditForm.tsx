import { Alert, Button, MultiSelect, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';

import { ClaimFields } from './ClaimFields';
import { CertificateDropzone } from './CertificateDropzone';
import { localToday, validateActivity, validateClaim } from './claim-draft';
import { ACTIVITY_FORMATS, type NewCredit, type UploadedCertificate, type Vocabularies } from './credits-api';
import { useClaimForm } from './use-claim-form';
import { type Submission } from './use-record-credit';

interface ActivityDraft {
  title: string;
  provider: string;
  format: string;
  topics: string[];
}

/** An activity outside the catalog, as its certificate describes it, with the certificate itself. */
export function OutsideCreditForm({
  vocabularies,
  submission,
  onSubmit,
}: {
  vocabularies: Vocabularies;
  submission: Submission;
  onSubmit: (credit: NewCredit) => void;
}) {
  const [activity, setActivity] = useState<ActivityDraft>({
    title: '',
    provider: '',
    format: 'live',
    topics: [],
  });
  const claim = useClaimForm(
    () => ({
      completedOn: '',
      rows: [{ type: vocabularies.creditTypes[0]?.code ?? '', amount: '' }],
      topicHours: {},
    }),
    submission.error,
  );
  const [certificate, setCertificate] = useState<UploadedCertificate & { name: string }>();
  const [uploading, setUploading] = useState(false);
  const editActivity = (change: Partial<ActivityDraft>) => {
    setActivity({ ...activity, ...change });
    claim.onEdit();
  };

  return (
    <Stack
      // The form's own messages stand next to the fields, not the browser's bubbles.
      renderRoot={(props) => <form noValidate {...props} />}
      gap="sm"
      aria-label="An outside activity"
      onSubmit={(event) => {
        event.preventDefault();
        const findings = { ...validateActivity(activity), ...validateClaim(claim.draft, localToday()) };
        if (!claim.check(findings)) return;
        onSubmit({
          activity: { ...activity, title: activity.title.trim(), provider: activity.provider.trim() },
          completedOn: claim.body.completedOn,
          claimed: claim.body.claimed,
          ...(certificate && { certificateId: certificate.id }),
        });
      }}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label="Title"
          required
          value={activity.title}
          onChange={(event) => editActivity({ title: event.currentTarget.value })}
          error={claim.errors['activity.title']}
        />
        <TextInput
          label="Provider"
          required
          value={activity.provider}
          onChange={(event) => editActivity({ provider: event.currentTarget.value })}
          error={claim.errors['activity.provider']}
        />
        <Select
          label="Format"
          data={ACTIVITY_FORMATS}
          value={activity.format}
          onChange={(format) => editActivity({ format: format ?? 'other' })}
          allowDeselect={false}
          error={claim.errors['activity.format']}
        />
        <MultiSelect
          label="Topics"
          data={vocabularies.topics.map((topic) => ({ value: topic.code, label: topic.label }))}
          value={activity.topics}
          onChange={(topics) => {
            editActivity({ topics });
            // Hours of a topic taken off the activity would be sent for a topic it no longer has.
            claim.setDraft({
              ...claim.draft,
              topicHours: Object.fromEntries(
                Object.entries(claim.draft.topicHours).filter(([topic]) => topics.includes(topic)),
              ),
            });
          }}
          searchable
          error={claim.errors['activity.topics']}
        />
      </SimpleGrid>
      <ClaimFields {...claim.fields} vocabularies={vocabularies} topicCodes={activity.topics} />
      <CertificateDropzone
        certificate={certificate}
        onChange={setCertificate}
        onUploading={setUploading}
        error={claim.errors.certificateId}
      />
      {submission.error && (
        <Alert color="red" title="The credit was not recorded" role="alert">
          {submission.error.message}
        </Alert>
      )}
      <div>
        <Button type="submit" loading={submission.submitting} disabled={uploading}>
          Record this credit
        </Button>
      </div>
    </Stack>
  );
}
