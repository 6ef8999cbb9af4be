import { Anchor, Group, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { ApiError, requestJson } from '../../../api/api-client';
import { byNearestDeadline, type ComplianceView } from '../../../api/compliance';
import { useResource } from '../../../api/use-resource';
import { ErrorNotice, Loading } from '../../../components/LoadState';
import { formatDate, RequirementCard } from '../../../components/RequirementCard';
import { queryOf } from '../paging';
import { REMINDER_STATUS_CHOICES, RemindersList } from '../reminders/RemindersList';

/** The part of a profile (`GET /v1/practitioners/{id}`) staff read here. */
interface Practitioner {
  id: string;
  name: string;
  email?: string;
  profession: string;
  specialty: string;
  npi?: string;
  licenses: { state: string; number: string; expiresOn: string }[];
  boards: { board: string; specialty: string }[];
}

const practitionerApi = (id: string) => `/api/credits/v1/practitioners/${encodeURIComponent(id)}`;

async function loadPractitioner(
  id: string,
): Promise<{ profile?: Practitioner; compliance?: ComplianceView }> {
  try {
    const [profile, compliance] = await Promise.all([
      requestJson<Practitioner>(practitionerApi(id)),
      requestJson<ComplianceView>(`${practitionerApi(id)}/compliance`),
    ]);
    return { profile, compliance };
  } catch (error) {
    // No profile: nothing to evaluate (said in words below); reminders may still exist.
    if (error instanceof ApiError && error.status === 404) return {};
    throw error;
  }
}

/** `/staff/practitioners/:id`: one practitioner's profile, compliance and reminders, as staff see them. */
export function PractitionerPage() {
  const { id = '' } = useParams();
  return <PractitionerView key={id} id={id} />;
}

function PractitionerView({ id }: { id: string }) {
  const [practitioner, reload] = useResource(() => loadPractitioner(id));
  const profile = practitioner.state === 'ready' ? practitioner.data.profile : undefined;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/staff/roster" size="sm">
        ← Compliance roster
      </Anchor>
      <Title order={1} size="h2">
        {profile?.name ?? `Practitioner ${id}`}
      </Title>
      {practitioner.state === 'loading' && <Loading label="Loading the practitioner" />}
      {practitioner.state === 'error' && (
        <ErrorNotice message={practitioner.error.message} onRetry={reload} />
      )}
      {practitioner.state === 'ready' && !profile && (
        <Text data-testid="no-profile">This practitioner has no profile yet, so no requirement applies.</Text>
      )}
      {profile && <ProfileSummary profile={profile} />}
      {practitioner.state === 'ready' && practitioner.data.compliance && (
        <Requirements compliance={practitioner.data.compliance} />
      )}
      <Reminders practitionerId={id} />
    </Stack>
  );
}

function ProfileSummary({ profile }: { profile: Practitioner }) {
  return (
    <Stack gap={4} data-testid="profile">
      <Text size="sm">
        {profile.profession} · {profile.specialty}
        {profile.email && ` · ${profile.email}`}
        {profile.npi && ` · NPI ${profile.npi}`}
      </Text>
      {profile.licenses.length > 0 && (
        <Text size="sm">
          Licenses:{' '}
          {profile.licenses
            .map((license) => `${license.state} ${license.number} (expires ${formatDate(license.expiresOn)})`)
            .join(', ')}
        </Text>
      )}
      {profile.boards.length > 0 && (
        <Text size="sm">
          Boards: {profile.boards.map((board) => `${board.board} ${board.specialty}`).join(', ')}
        </Text>
      )}
    </Stack>
  );
}

function Requirements({ compliance }: { compliance: ComplianceView }) {
  return (
    <section aria-labelledby="requirements">
      <Title order={2} size="h3" id="requirements" mb="sm">
        Requirements
      </Title>
      {compliance.requirements.length === 0 ? (
        <Text>No requirement applies to this practitioner.</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {byNearestDeadline(compliance.requirements).map((requirement) => (
            <RequirementCard key={requirement.id} requirement={requirement} asOf={compliance.asOf} />
          ))}
        </SimpleGrid>
      )}
    </section>
  );
}

function Reminders({ practitionerId }: { practitionerId: string }) {
  const [status, setStatus] = useState('');
  return (
    <section aria-labelledby="reminders">
      <Group justify="space-between" align="flex-end" gap="sm" mb="sm">
        <Title order={2} size="h3" id="reminders">
          Reminders
        </Title>
        <NativeSelect
          label="Reminder status"
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value)}
          data={REMINDER_STATUS_CHOICES}
        />
      </Group>
      <RemindersList key={status} practitionerId={practitionerId} status={status || undefined} />
      <Anchor
        component={Link}
        to={`/staff/reminders${queryOf({ practitionerId })}`}
        size="sm"
        mt="xs"
        display="inline-block"
      >
        Open on the reminders page (with the queue dashboard link)
      </Anchor>
    </section>
  );
}
