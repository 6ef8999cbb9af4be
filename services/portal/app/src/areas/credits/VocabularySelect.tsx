import { Select, type SelectProps } from '@mantine/core';

import { type VocabularyEntry } from './credits-api';

/** A filter on one code of a vocabulary (a topic, a credit type), empty for any. */
export function VocabularySelect({
  entries,
  ...props
}: Omit<SelectProps, 'data'> & { entries: readonly VocabularyEntry[] }) {
  return (
    <Select
      clearable
      searchable={entries.length > 10}
      data={entries.map((entry) => ({ value: entry.code, label: entry.label }))}
      {...props}
    />
  );
}
