import { Button, Fieldset, Group, NumberInput, Select, SimpleGrid, Text, TextInput } from '@mantine/core';

import { type ClaimDraft, type ClaimRow, type FormErrors, localToday } from './claim-draft';
import { labelOf, type Vocabularies } from './credits-api';

const numberOrEmpty = (value: number | string): number | '' => (typeof value === 'number' ? value : '');

/**
 * The date, the amounts per credit type and the hours per topic of a claim. With `fixedTypes` (a catalog course)
 * the rows are the course's designated types; otherwise the practitioner adds and removes rows.
 */
export function ClaimFields({
  draft,
  onChange,
  errors,
  vocabularies: { creditTypes, topics },
  topicCodes,
  fixedTypes = false,
}: {
  draft: ClaimDraft;
  onChange: (draft: ClaimDraft) => void;
  errors: FormErrors;
  vocabularies: Vocabularies;
  /** The topics hours may be given for: the course's, or those chosen for the activity. */
  topicCodes: readonly string[];
  fixedTypes?: boolean;
}) {
  const setRow = (index: number, row: Partial<ClaimRow>) =>
    onChange({ ...draft, rows: draft.rows.map((old, i) => (i === index ? { ...old, ...row } : old)) });
  return (
    <>
      <TextInput
        type="date"
        label="Completed on"
        required
        max={localToday()}
        value={draft.completedOn}
        onChange={(event) => onChange({ ...draft, completedOn: event.currentTarget.value })}
        error={errors.completedOn}
        w={{ base: '100%', xs: 220 }}
      />
      <Fieldset legend="Credits claimed" variant="unstyled">
        {errors.rows && (
          <Text c="red.8" size="sm" mb="xs" role="alert">
            {errors.rows}
          </Text>
        )}
        {fixedTypes && (
          <Text size="sm" c="gray.7" mb="xs">
            Claim up to what the course designates; leave a type empty to claim none of it.
          </Text>
        )}
        {draft.rows.map((row, index) =>
          fixedTypes ? (
            <NumberInput
              key={row.type}
              label={`${labelOf(creditTypes, row.type)} (up to ${row.max})`}
              min={0}
              max={row.max}
              // Said next to the field rather than silently lowered on blur.
              clampBehavior="none"
              decimalScale={2}
              value={row.amount}
              onChange={(value) => setRow(index, { amount: numberOrEmpty(value) })}
              error={errors[`rows.${index}.amount`] ?? errors[`rows.${index}.type`]}
              w={{ base: '100%', xs: 320 }}
              mb="xs"
            />
          ) : (
            <Group key={index} align="flex-start" gap="xs" mb="xs" wrap="wrap">
              <Select
                label={`Credit type ${index + 1}`}
                data={creditTypes.map((type) => ({ value: type.code, label: type.label }))}
                value={row.type || null}
                onChange={(value) => setRow(index, { type: value ?? '' })}
                error={errors[`rows.${index}.type`]}
                w={{ base: '100%', xs: 260 }}
                allowDeselect={false}
              />
              <NumberInput
                label={`Amount ${index + 1}`}
                min={0}
                decimalScale={2}
                value={row.amount}
                onChange={(value) => setRow(index, { amount: numberOrEmpty(value) })}
                error={errors[`rows.${index}.amount`]}
                w={{ base: '100%', xs: 140 }}
              />
              {draft.rows.length > 1 && (
                <Button
                  variant="subtle"
                  color="red"
                  mt={{ base: 0, xs: 25 }}
                  onClick={() => onChange({ ...draft, rows: draft.rows.filter((_, i) => i !== index) })}
                  aria-label={`Remove credit type ${index + 1}`}
                >
                  Remove
                </Button>
              )}
            </Group>
          ),
        )}
        {!fixedTypes && draft.rows.length < creditTypes.length && (
          <Button
            variant="default"
            size="xs"
            onClick={() => onChange({ ...draft, rows: [...draft.rows, { type: '', amount: '' }] })}
          >
            Add a credit type
          </Button>
        )}
      </Fieldset>
      {topicCodes.length > 0 && (
        <Fieldset legend="Hours per topic (optional)" variant="unstyled">
          <Text size="sm" c="gray.7" mb="xs">
            The part of the amount that covered a topic, when the certificate says so (e.g. 1 hour of 4 on
            opioid prescribing). It counts for every credit type claimed.
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
            {topicCodes.map((topic) => (
              <NumberInput
                key={topic}
                label={`Hours on ${labelOf(topics, topic)}`}
                min={0}
                decimalScale={2}
                value={draft.topicHours[topic] ?? ''}
                onChange={(value) =>
                  onChange({ ...draft, topicHours: { ...draft.topicHours, [topic]: numberOrEmpty(value) } })
                }
                error={errors[`topicHours.${topic}`]}
              />
            ))}
          </SimpleGrid>
        </Fieldset>
      )}
    </>
  );
}
