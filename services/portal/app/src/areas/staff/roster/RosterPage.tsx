import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { requestJson } from '../../../api/api-client';
import { NEEDS_ATTENTION, type RequirementStatus, type RequirementView } from '../../../api/compliance';
import { type Resource, useResource } from '../../../api/use-resource';
import { formatDate, STATUS } from '../../../components/RequirementCard';
import { placeFieldErrors } from '../field-errors';
import { type Page, PagedList, type Pages, queryOf, usePages } from '../paging';
import { StatusBadge } from '../StatusBadge';

const ROSTER_API = '/api/credits/v1/reports/compliance';
const PAGE_SIZE = 25;

/** One practitioner of `GET /v1/reports/compliance` (services/credits compliance-roster.ts). */
interface RosterEntry {
  practitionerId: string;
  name: string;
  profession: string;
  licenseStates: string[];
  asOf: string;
  requirements: RequirementView[];
}

/** The roster's filters: exactly the query parameters the credits service supports. */
const FILTERS = ['status', 'requirement', 'deadlineBefore', 'state'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const filtersOf = (params: URLSearchParams): Filters =>
  Object.fromEntries(FILTERS.flatMap((name) => (params.get(name) ? [[name, params.get(name)!]] : [])));

/** `/staff/roster`: practitioners and where their requirements stand, filtered, paged and exportable. */
export function RosterPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const [requirements] = useResource(loadRequirements);
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Compliance roster
      </Title>
      <Roster
        key={queryOf(filters)}
        filters={filters}
        requirements={requirements}
        onApply={(next) => setParams(queryOf(next))}
      />
    </Stack>
  );
}

/** The filters as applied (a new set of filters is a new roster: the caller keys it by them) and their results. */
function Roster({
  filters,
  requirements,
  onApply,
}: {
  filters: Filters;
  requirements: Resource<RequirementChoice[]>;
  onApply: (filters: Filters) => void;
}) {
  const pages = usePages((cursor) =>
    requestJson<Page<RosterEntry>>(
      `${ROSTER_API}${queryOf({ ...filters, limit: String(PAGE_SIZE), cursor })}`,
    ),
  );
  // A filter the service refuses (an unknown state, a requirement no rule pack defines) is named beside it.
  const errors = placeFieldErrors(pages.error?.fieldErrors ?? [], FILTERS);
  return (
    <>
      <RosterFilters filters={filters} requirements={requirements} errorAt={errors.at} onApply={onApply} />
      <Group justify="space-between" gap="sm">
        <Text size="sm">
          Status, requirement and deadline must hold for one and the same requirement of a practitioner.
        </Text>
        <Button
          component="a"
          href={`${ROSTER_API}${queryOf({ ...filters, format: 'csv' })}`}
          download="compliance-roster.csv"
          variant="default"
        >
          Export CSV
        </Button>
      </Group>
      <RosterTable pages={pages} />
    </>
  );
}

interface RequirementChoice {
  id: string;
  name: string;
}

function loadRequirements() {
  return requestJson<{ items: RequirementChoice[] }>('/api/credits/v1/requirements').then(
    (response) => response.items,
  );
}

function RosterFilters({
  filters,
  requirements,
  errorAt,
  onApply,
}: {
  filters: Filters;
  requirements: Resource<RequirementChoice[]>;
  errorAt: (path: string) => string | undefined;
  onApply: (filters: Filters) => void;
}) {
  const [draft, setDraft] = useState(filters);
  const set = (name: keyof Filters, value: string | null) => setDraft({ ...draft, [name]: value ?? '' });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft, state: draft.state?.trim().toUpperCase() });
  };
  return (
    <form onSubmit={apply} role="search" aria-label="Roster filters">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <NativeSelect
          label="Requirement status"
          value={draft.status ?? ''}
          onChange={(event) => set('status', event.currentTarget.value)}
          data={[
            { value: '', label: 'Any status' },
            ...Object.entries(STATUS).map(([value, { label }]) => ({ value, label })),
          ]}
          error={errorAt('status')}
        />
        <Select
          label="Requirement"
          placeholder={
            requirements.state === 'error' ? 'Requirements could not be loaded' : 'Any requirement'
          }
          searchable
          clearable
          clearButtonProps={{ 'aria-label': 'Any requirement' }}
          value={draft.requirement ?? null}
          onChange={(value) => set('requirement', value)}
          error={errorAt('requirement')}
          data={
            requirements.state === 'ready'
              ? requirements.data.map((r) => ({ value: r.id, label: r.name }))
              : []
          }
        />
        <TextInput
          label="Deadline before"
          type="date"
          value={draft.deadlineBefore ?? ''}
          onChange={(event) => set('deadlineBefore', event.currentTarget.value)}
          error={errorAt('deadlineBefore')}
        />
        <TextInput
          label="Licensed in state"
          placeholder="e.g. TX"
          maxLength={2}
          value={draft.state ?? ''}
          onChange={(event) => set('state', event.currentTarget.value)}
          error={errorAt('state')}
        />
      </SimpleGrid>
      <Group gap="sm" mt="sm">
        <Button type="submit">Apply filters</Button>
        <Button variant="default" onClick={() => onApply({})}>
          Clear
        </Button>
      </Group>
    </form>
  );
}

function worstStatus(requirements: RequirementView[]): RequirementStatus | undefined {
  const order = Object.keys(STATUS) as RequirementStatus[];
  return requirements
    .map((requirement) => requirement.status)
    .sort((a, b) => order.indexOf(b) - order.indexOf(a))[0];
}

function RosterTable({ pages }: { pages: Pages<RosterEntry> }) {
  return (
    <PagedList pages={pages} loadingLabel="Loading the roster" empty="No practitioner matches these filters.">
      {(entries) => (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="xs" data-testid="roster">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Practitioner</Table.Th>
                <Table.Th>Licensed in</Table.Th>
                <Table.Th>Overall</Table.Th>
                <Table.Th>Needs attention</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry) => {
                const worst = worstStatus(entry.requirements);
                const attention = entry.requirements.filter((r) => NEEDS_ATTENTION.includes(r.status));
                return (
                  <Table.Tr key={entry.practitionerId} data-testid="roster-row">
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/staff/practitioners/${encodeURIComponent(entry.practitionerId)}`}
                      >
                        {entry.name}
                      </Anchor>
                      <Text size="xs">{entry.profession}</Text>
                    </Table.Td>
                    <Table.Td>{entry.licenseStates.join(', ')}</Table.Td>
                    <Table.Td>
                      {worst ? <StatusBadge status={STATUS[worst]} /> : 'No requirements'}
                      <Text size="xs">{entry.requirements.length} requirements</Text>
                    </Table.Td>
                    <Table.Td>
                      {attention.length === 0
                        ? 'None'
                        : attention.map((requirement) => (
                            <Text size="sm" key={requirement.id}>
                              {requirement.name}: {STATUS[requirement.status].label.toLowerCase()}, due{' '}
                              {formatDate(requirement.deadline)}
                            </Text>
                          ))}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </PagedList>
  );
}
