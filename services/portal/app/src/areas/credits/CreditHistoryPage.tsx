import { Button, Group, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';

import { useResource } from '../../api/use-resource';
import { ErrorNotice, Loading } from '../../components/LoadState';
import { CreditCard } from './CreditCard';
import { CreditImport } from './CreditImport';
import { type CreditFilters, listCredits, loadVocabularies, type Vocabularies } from './credits-api';
import { PagedListView } from '../../components/PagedListView';
import { TranscriptAndCalendar } from './TranscriptAndCalendar';
import { usePagedList } from '../../api/use-paged-list';
import { VocabularySelect } from './VocabularySelect';

/** `/credits`: the ledger with filters, its corrections and voids, the transcript, calendar and CSV import. */
export function CreditHistoryPage() {
  const [vocabularies, reload] = useResource(loadVocabularies);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <Title order={1} size="h2">
          My credits
        </Title>
        <Button component={Link} to="/credits/new">
          Record a credit
        </Button>
      </Group>
      {vocabularies.state === 'loading' && <Loading label="Loading your credits" />}
      {vocabularies.state === 'error' && (
        <ErrorNotice message={vocabularies.error.message} onRetry={reload} />
      )}
      {vocabularies.state === 'ready' && <CreditsAndDocuments vocabularies={vocabularies.data} />}
    </Stack>
  );
}

function CreditsAndDocuments({ vocabularies }: { vocabularies: Vocabularies }) {
  const [filters, setFilters] = useState<CreditFilters>({});
  // A range that ends before it starts is refused by the API: it is said here, and the end left out meanwhile.
  const backwards = Boolean(filters.from && filters.to && filters.from > filters.to);
  const applied = backwards ? { ...filters, to: undefined } : filters;
  const credits = usePagedList(JSON.stringify(applied), (cursor) => listCredits(applied, cursor));
  const filter = (change: CreditFilters) => setFilters({ ...filters, ...change });
  return (
    <>
      <Stack gap="sm" component="section" aria-labelledby="history-heading">
        <Title order={2} size="h3" id="history-heading">
          History
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" role="group" aria-label="Filters">
          <TextInput
            type="date"
            label="Completed from"
            value={filters.from ?? ''}
            onChange={(event) => filter({ from: event.currentTarget.value })}
          />
          <TextInput
            type="date"
            label="Completed to"
            value={filters.to ?? ''}
            onChange={(event) => filter({ to: event.currentTarget.value })}
            error={backwards ? 'The end must not be before the start.' : undefined}
          />
          <VocabularySelect
            label="Credit type"
            placeholder="Any credit type"
            entries={vocabularies.creditTypes}
            value={filters.type ?? null}
            onChange={(type) => filter({ type })}
          />
          <VocabularySelect
            label="Topic"
            placeholder="Any topic"
            entries={vocabularies.topics}
            value={filters.topic ?? null}
            onChange={(topic) => filter({ topic })}
          />
        </SimpleGrid>
        <PagedListView
          list={credits}
          loadingLabel="Loading your credits"
          empty={
            Object.values(filters).some(Boolean)
              ? 'No credit matches these filters.'
              : 'You have not recorded a credit yet.'
          }
        >
          {(items) => (
            <Stack gap="sm">
              {items.map((entry) => (
                <CreditCard
                  key={entry.id}
                  entry={entry}
                  duplicateOf={items.find((other) => other.id === entry.possibleDuplicateOf)}
                  vocabularies={vocabularies}
                  onChanged={credits.reload}
                />
              ))}
            </Stack>
          )}
        </PagedListView>
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="documents-heading">
        <Title order={2} size="h3" id="documents-heading">
          Transcript and calendar
        </Title>
        <TranscriptAndCalendar />
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="import-heading">
        <Title order={2} size="h3" id="import-heading">
          Import credits
        </Title>
        <CreditImport onImported={credits.reload} />
      </Stack>
    </>
  );
}
