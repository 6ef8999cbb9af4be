import { Fieldset, MultiSelect, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, type ReactNode } from 'react';

import { ACCREDITORS, COURSE_FORMATS, PROFESSIONS, type Vocabularies } from './course-api';
import { type CourseDraft } from './course-draft';
import { CreditRows } from './CreditRows';

/**
 * Every field of a course, each showing the catalog's error for it. Read-only for a retired course (the
 * catalog refuses any change to one). `actions` are the form's buttons (the submit one included).
 */
export function CourseForm({
  draft,
  onChange,
  vocabularies,
  errorAt,
  readOnly,
  onSubmit,
  actions,
}: {
  draft: CourseDraft;
  onChange: (draft: CourseDraft) => void;
  vocabularies: Vocabularies;
  errorAt: (path: string) => string | undefined;
  readOnly: boolean;
  onSubmit: () => void;
  actions: ReactNode;
}) {
  const set = <Field extends keyof CourseDraft>(field: Field, value: CourseDraft[Field]) =>
    onChange({ ...draft, [field]: value });
  const text = (field: 'title' | 'providerName' | 'accreditationId' | 'url' | 'location') => ({
    value: draft[field],
    onChange: (event: { currentTarget: { value: string } }) => set(field, event.currentTarget.value),
  });
  const date = (field: 'startsOn' | 'endsOn' | 'availableUntil') => ({
    type: 'date',
    value: draft[field],
    onChange: (event: { currentTarget: { value: string } }) => set(field, event.currentTarget.value),
    error: errorAt(field),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Course">
      <Stack gap="md">
        <Fieldset legend="Course" disabled={readOnly}>
          <Stack gap="sm">
            <TextInput label="Title" required {...text('title')} error={errorAt('title')} />
            <Textarea
              label="Summary"
              autosize
              minRows={3}
              value={draft.summary}
              onChange={(event) => set('summary', event.currentTarget.value)}
              error={errorAt('summary')}
            />
            <NativeSelect
              label="Format"
              required
              value={draft.format}
              onChange={(event) => set('format', event.currentTarget.value)}
              data={[{ value: '', label: 'Choose a format' }, ...COURSE_FORMATS]}
              error={errorAt('format')}
            />
            <TextInput label="Web address" type="url" {...text('url')} error={errorAt('url')} />
          </Stack>
        </Fieldset>

        <Fieldset legend="Provider" disabled={readOnly}>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              label="Provider name"
              required
              {...text('providerName')}
              error={errorAt('provider.name')}
            />
            <NativeSelect
              label="Accreditor"
              required
              value={draft.accreditor}
              onChange={(event) => set('accreditor', event.currentTarget.value)}
              data={ACCREDITORS}
              error={errorAt('provider.accreditor')}
            />
            <TextInput
              label="Accreditation id"
              description="ACPE courses: the Universal Activity Number"
              {...text('accreditationId')}
              error={errorAt('provider.accreditationId')}
            />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Credits" disabled={readOnly}>
          <CreditRows
            rows={draft.credits}
            creditTypes={vocabularies.creditTypes}
            onChange={(credits) => set('credits', credits)}
            errorAt={errorAt}
            readOnly={readOnly}
          />
        </Fieldset>

        <Fieldset legend="Dates and place" disabled={readOnly}>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label="Starts on" description="Live formats" {...date('startsOn')} />
            <TextInput label="Ends on" description="Live formats" {...date('endsOn')} />
            <TextInput label="Available until" description="Enduring formats" {...date('availableUntil')} />
          </SimpleGrid>
          <TextInput label="Location" mt="sm" {...text('location')} error={errorAt('location')} />
        </Fieldset>

        <Fieldset legend="Audience and topics" disabled={readOnly}>
          <Stack gap="sm">
            <MultiSelect
              label="Topics"
              searchable
              value={draft.topics}
              onChange={(topics) => set('topics', topics)}
              data={vocabularies.topics.map((topic) => ({ value: topic.code, label: topic.label }))}
              error={errorAt('topics')}
            />
            <MultiSelect
              label="Professions"
              searchable
              value={draft.professions}
              onChange={(professions) => set('professions', professions)}
              data={PROFESSIONS}
              error={errorAt('professions')}
            />
            <MultiSelect
              label="Approvals"
              description="Board or state approvals some topic mandates require"
              searchable
              value={draft.approvals}
              onChange={(approvals) => set('approvals', approvals)}
              data={vocabularies.approvals.map((approval) => ({
                value: approval.code,
                label: approval.label,
              }))}
              error={errorAt('approvals')}
            />
          </Stack>
        </Fieldset>
        {actions}
      </Stack>
    </form>
  );
}
