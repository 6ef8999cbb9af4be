import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';

import { ApiError, requestJson } from '../../api/api-client';
import { useResource } from '../../api/use-resource';
import { ErrorNotice, Loading } from '../../components/LoadState';
import { BoardRows, LicenseRows } from './EditableRows';
import { FormFailure } from './FormFailure';
import { unplacedErrors } from './field-errors';
import {
  draftOf,
  missingFields,
  type Profile,
  type ProfileDraft,
  profileInputOf,
  type Row,
  PROFESSIONS,
  shownPaths,
} from './profile';
import { useFormSave } from './use-form-save';

const PROFILE_PATH = '/api/credits/v1/practitioners/me';

const MONTHS = Array.from({ length: 12 }, (_, index) => ({
  value: String(index + 1),
  label: new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, index, 1)),
  ),
}));

/** The profile, or undefined for a practitioner who has none yet (404). */
async function loadProfile(): Promise<Profile | undefined> {
  try {
    return await requestJson<Profile>(PROFILE_PATH);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** The practitioner's profile: what decides which requirements apply to them. */
export function ProfilePage() {
  const [profile, reload] = useResource(loadProfile);
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Profile
      </Title>
      {profile.state === 'loading' && <Loading label="Loading your profile" />}
      {profile.state === 'error' && <ErrorNotice message={profile.error.message} onRetry={reload} />}
      {profile.state === 'ready' && <ProfileForm profile={profile.data} />}
    </Stack>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

export function ProfileForm({ profile }: { profile: Profile | undefined }) {
  const [firstTime, setFirstTime] = useState(profile === undefined);
  const [draft, setDraft] = useState<ProfileDraft>(() => draftOf(profile));
  const form = useRef<HTMLFormElement>(null);
  const { saving, errors, setErrors, clearErrors, failure, showErrors, save } = useFormSave(form);

  const change = (changes: Partial<ProfileDraft>, ...paths: string[]) => {
    setDraft((current) => ({ ...current, ...changes }));
    clearErrors(...paths);
  };
  // A row's messages name its index: once rows come or go, they would point at the wrong row.
  function changeRows<List extends 'licenses' | 'boards'>(list: List, rows: ProfileDraft[List]) {
    const before: readonly Row<object>[] = draft[list];
    setDraft((current) => ({ ...current, [list]: rows }));
    if (rows.length !== before.length) {
      setErrors(new Map());
      return;
    }
    clearErrors(
      ...rows.flatMap(({ value }, index) => {
        const previous = before[index].value as Record<string, unknown>;
        return Object.entries(value)
          .filter(([field, fieldValue]) => previous[field] !== fieldValue)
          .map(([field]) => `${list}[${index}].${field}`);
      }),
    );
  }
  const errorOf = (path: string) => errors.get(path);

  function submit(event: FormEvent) {
    event.preventDefault();
    const missing = missingFields(draft);
    if (missing.length > 0) {
      showErrors(missing);
      return;
    }
    void save(
      async () => {
        const saved = await requestJson<Profile>(PROFILE_PATH, {
          method: 'PUT',
          body: profileInputOf(draft),
        });
        setDraft(draftOf(saved));
        setFirstTime(false);
      },
      { title: 'Profile saved', message: 'Your requirements now follow your profile.' },
    );
  }

  const unplaced = unplacedErrors(errors, shownPaths(draft));
  return (
    <form ref={form} onSubmit={submit} noValidate aria-label="Profile" data-testid="profile-form">
      <Stack gap="xl">
        {firstTime && (
          <Alert color="blue" variant="light" title="You have no profile yet">
            Tell us your licenses, board certifications and DEA registration: they decide which continuing
            education requirements apply to you. Saving creates your profile.
          </Alert>
        )}

        <Section id="about-heading" title="About you">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="Name"
              required
              value={draft.name}
              onChange={(event) => change({ name: event.currentTarget.value }, 'name')}
              error={errorOf('name')}
              autoComplete="name"
            />
            <TextInput
              label="Email for reminders"
              type="email"
              description="Empty: the address you sign in with"
              value={draft.email}
              onChange={(event) => change({ email: event.currentTarget.value }, 'email')}
              error={errorOf('email')}
              autoComplete="email"
            />
            <NativeSelect
              label="Profession"
              required
              value={draft.profession}
              onChange={(event) => change({ profession: event.currentTarget.value }, 'profession')}
              data={[{ value: '', label: 'Choose…' }, ...PROFESSIONS]}
              error={errorOf('profession')}
            />
            <TextInput
              label="Specialty"
              required
              description="e.g. pain-medicine"
              value={draft.specialty}
              onChange={(event) => change({ specialty: event.currentTarget.value }, 'specialty')}
              error={errorOf('specialty')}
            />
            <TextInput
              label="NPI"
              description="10 digits; optional"
              value={draft.npi}
              onChange={(event) => change({ npi: event.currentTarget.value }, 'npi')}
              error={errorOf('npi')}
              inputMode="numeric"
              autoComplete="off"
            />
            <NativeSelect
              label="Birth month"
              description="Some states renew licenses in it; optional"
              value={draft.birthMonth === undefined ? '' : String(draft.birthMonth)}
              onChange={(event) =>
                change(
                  { birthMonth: event.currentTarget.value ? Number(event.currentTarget.value) : undefined },
                  'birthMonth',
                )
              }
              data={[{ value: '', label: 'Not given' }, ...MONTHS]}
              error={errorOf('birthMonth')}
            />
            <TextInput
              label="Time zone"
              description="e.g. America/Chicago; empty: your first license's state's"
              value={draft.timezone}
              onChange={(event) => change({ timezone: event.currentTarget.value }, 'timezone')}
              error={errorOf('timezone')}
              autoComplete="off"
            />
          </SimpleGrid>
        </Section>

        <Section id="licenses-heading" title="Licenses">
          <LicenseRows
            rows={draft.licenses}
            onChange={(licenses) => changeRows('licenses', licenses)}
            errorOf={errorOf}
          />
        </Section>

        <Section id="boards-heading" title="Board certifications">
          <BoardRows
            rows={draft.boards}
            onChange={(boards) => changeRows('boards', boards)}
            errorOf={errorOf}
          />
        </Section>

        <Section id="dea-heading" title="DEA registration">
          <Checkbox
            label="I hold a DEA registration"
            checked={draft.hasDea}
            onChange={(event) => change({ hasDea: event.currentTarget.checked })}
          />
          {draft.hasDea && (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label="DEA number"
                description="e.g. AB1234563"
                value={draft.dea.number}
                onChange={(event) =>
                  change(
                    { dea: { ...draft.dea, number: event.currentTarget.value.toUpperCase() } },
                    'dea.number',
                  )
                }
                error={errorOf('dea.number')}
                autoComplete="off"
              />
              <TextInput
                label="Registration expires on"
                type="date"
                value={draft.dea.expiresOn}
                onChange={(event) =>
                  change({ dea: { ...draft.dea, expiresOn: event.currentTarget.value } }, 'dea.expiresOn')
                }
                error={errorOf('dea.expiresOn')}
              />
            </SimpleGrid>
          )}
        </Section>

        <Section id="practice-heading" title="Practice">
          <Checkbox
            label="I provide direct patient care"
            checked={draft.flags.directPatientCare}
            onChange={(event) =>
              change({ flags: { ...draft.flags, directPatientCare: event.currentTarget.checked } })
            }
            error={errorOf('flags.directPatientCare')}
          />
          <Checkbox
            label="I work at a pain clinic"
            checked={draft.flags.painClinic}
            onChange={(event) =>
              change({ flags: { ...draft.flags, painClinic: event.currentTarget.checked } })
            }
            error={errorOf('flags.painClinic')}
          />
        </Section>

        <Stack gap="sm">
          <FormFailure title="The profile was not saved" failure={failure} unplaced={unplaced} />
          <Group>
            <Button type="submit" loading={saving}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </Stack>
    </form>
  );
}
