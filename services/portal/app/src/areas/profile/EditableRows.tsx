import { Button, Checkbox, Fieldset, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { type ReactNode, useRef } from 'react';

import { type Board, type License, newBoard, newLicense, row, type Row } from './profile';

/** Edits one row: the value with some fields replaced. */
type Patch<T> = (changes: Partial<T>) => void;

/**
 * A list of rows, each in its own fieldset ("License 2") with a remove button, and an add button below.
 * `fields` draws one row's inputs. Focus follows the change: into a row just added, onto the add button once
 * a row is removed (its remove button is gone).
 */
function EditableRows<T>({
  rows,
  noun,
  onChange,
  create,
  fields,
}: {
  rows: readonly Row<T>[];
  noun: string;
  onChange: (rows: Row<T>[]) => void;
  create: () => T;
  fields: (value: T, index: number, patch: Patch<T>) => ReactNode;
}) {
  const focusRow = useRef<number>(undefined);
  const addButton = useRef<HTMLButtonElement>(null);
  const patchRow = (key: number) => (changes: Partial<T>) =>
    onChange(
      rows.map((current) =>
        current.key === key ? { key, value: { ...current.value, ...changes } } : current,
      ),
    );
  return (
    <Stack gap="sm">
      {rows.length === 0 && <Text c="gray.7">None yet.</Text>}
      {rows.map((current, index) => (
        <Fieldset
          key={current.key}
          legend={`${noun} ${index + 1}`}
          data-testid={`${noun.toLowerCase()}-row`}
          ref={(fieldset: HTMLFieldSetElement | null) => {
            if (!fieldset || focusRow.current !== current.key) return;
            focusRow.current = undefined;
            fieldset.querySelector('input')?.focus();
          }}
        >
          <Stack gap="xs">
            {fields(current.value, index, patchRow(current.key))}
            <Group justify="flex-end">
              <Button
                variant="subtle"
                color="red"
                size="compact-sm"
                onClick={() => {
                  onChange(rows.filter((other) => other.key !== current.key));
                  addButton.current?.focus();
                }}
              >
                Remove {noun.toLowerCase()} {index + 1}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
      ))}
      <Group>
        <Button
          ref={addButton}
          variant="default"
          onClick={() => {
            const added = row(create());
            focusRow.current = added.key;
            onChange([...rows, added]);
          }}
        >
          Add a {noun.toLowerCase()}
        </Button>
      </Group>
    </Stack>
  );
}

interface RowsProps<T> {
  rows: readonly Row<T>[];
  onChange: (rows: Row<T>[]) => void;
  /** The message for a path such as `licenses[0].number`, if any. */
  errorOf: (path: string) => string | undefined;
}

export function LicenseRows({ rows, onChange, errorOf }: RowsProps<License>) {
  return (
    <EditableRows
      rows={rows}
      noun="License"
      onChange={onChange}
      create={newLicense}
      fields={(license, index, patch) => {
        const path = (field: string) => `licenses[${index}].${field}`;
        return (
          <>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput
                label="State"
                description="Two letters, e.g. TX"
                value={license.state}
                onChange={(event) => patch({ state: event.currentTarget.value.toUpperCase() })}
                error={errorOf(path('state'))}
                maxLength={2}
                autoComplete="off"
              />
              <TextInput
                label="License number"
                value={license.number}
                onChange={(event) => patch({ number: event.currentTarget.value })}
                error={errorOf(path('number'))}
                autoComplete="off"
              />
              <TextInput
                label="Expires on"
                type="date"
                value={license.expiresOn}
                onChange={(event) => patch({ expiresOn: event.currentTarget.value })}
                error={errorOf(path('expiresOn'))}
              />
            </SimpleGrid>
            <Checkbox
              label="This period ends with my first renewal"
              checked={license.firstRenewal ?? license.renewalNumber === 1}
              // Said outright, it replaces the renewal number the profile may carry (they must agree).
              onChange={(event) =>
                patch({ firstRenewal: event.currentTarget.checked, renewalNumber: undefined })
              }
              error={errorOf(path('firstRenewal'))}
            />
          </>
        );
      }}
    />
  );
}

export function BoardRows({ rows, onChange, errorOf }: RowsProps<Board>) {
  return (
    <EditableRows
      rows={rows}
      noun="Board certification"
      onChange={onChange}
      create={newBoard}
      fields={(board, index, patch) => {
        const path = (field: string) => `boards[${index}].${field}`;
        return (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="Board"
              description="Its code, e.g. ABA or ABIM"
              value={board.board}
              onChange={(event) => patch({ board: event.currentTarget.value.toUpperCase() })}
              error={errorOf(path('board'))}
              autoComplete="off"
            />
            <TextInput
              label="Specialty"
              description="e.g. pain-medicine"
              value={board.specialty}
              onChange={(event) => patch({ specialty: event.currentTarget.value })}
              error={errorOf(path('specialty'))}
              autoComplete="off"
            />
            <TextInput
              label="Cycle starts on"
              description="Optional"
              type="date"
              value={board.cycleStart ?? ''}
              onChange={(event) => patch({ cycleStart: event.currentTarget.value })}
              error={errorOf(path('cycleStart'))}
            />
            <TextInput
              label="Cycle ends on"
              description="Optional"
              type="date"
              value={board.cycleEnd ?? ''}
              onChange={(event) => patch({ cycleEnd: event.currentTarget.value })}
              error={errorOf(path('cycleEnd'))}
            />
          </SimpleGrid>
        );
      }}
    />
  );
}
