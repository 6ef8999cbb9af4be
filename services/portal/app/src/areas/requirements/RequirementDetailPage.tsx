import { Alert, Anchor, Badge, Group, List, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Link, useParams } from 'react-router';

import { ApiError, requestJson } from '../../api/api-client';
import { useResource } from '../../api/use-resource';
import { ErrorNotice, Loading } from '../../components/LoadState';
import { ScrollingTable } from '../../components/ScrollingTable';
import { formatDate, hours, RequirementProgress, statusOf } from '../../components/RequirementCard';
import { ComponentsTable } from './ComponentsTable';
import { NotCoveredNotice } from './NotCoveredNotice';
import {
  type ComplianceDetail,
  loadCredits,
  progressSeries,
  type RequirementDetail,
  type SkippedRequirement,
} from './requirement-detail';

// The chart library is most of the app's weight: loaded with the first requirement detail, not the dashboard.
const ForecastChart = lazy(() =>
  import('./ForecastChart').then((module) => ({ default: module.ForecastChart })),
);

/** The practitioner's compliance; undefined without a profile (nothing is evaluated then). */
async function loadCompliance(): Promise<ComplianceDetail | undefined> {
  try {
    return await requestJson<ComplianceDetail>('/api/credits/v1/practitioners/me/compliance');
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

function BackLink() {
  return (
    <Anchor component={Link} to="/" size="sm">
      <span aria-hidden="true">← </span>Back to my requirements
    </Anchor>
  );
}

/** One requirement in full: components, the credits that count, the forecast and the rule behind it. */
export function RequirementDetailPage() {
  const { id = '' } = useParams();
  const [compliance, reload] = useResource(loadCompliance);
  return (
    <Stack gap="lg">
      <BackLink />
      {compliance.state === 'loading' && <Loading label="Loading the requirement" />}
      {compliance.state === 'error' && (
        <>
          <Title order={1} size="h2">
            Requirement
          </Title>
          <ErrorNotice message={compliance.error.message} onRetry={reload} />
        </>
      )}
      {compliance.state === 'ready' && <RequirementOf id={id} compliance={compliance.data} />}
    </Stack>
  );
}

function RequirementOf({ id, compliance }: { id: string; compliance: ComplianceDetail | undefined }) {
  const requirement = compliance?.requirements.find((candidate) => candidate.id === id);
  if (compliance && requirement) {
    return (
      <>
        <Requirement requirement={requirement} asOf={compliance.asOf} />
        <NotCoveredNotice notCovered={compliance.notCovered ?? []} />
      </>
    );
  }
  const skipped = compliance?.skipped?.find((candidate) => candidate.id === id);
  if (skipped) return <Skipped requirement={skipped} />;
  return (
    <Stack gap="sm" data-testid="requirement-not-found">
      <Title order={1} size="h2">
        Requirement not found
      </Title>
      <Text>
        {compliance
          ? 'No requirement with this address applies to you. It may no longer apply after a change to your profile.'
          : 'You have no profile yet, so no requirement applies to you. Add your licenses and board certifications first.'}
      </Text>
      <Anchor component={Link} to={compliance ? '/' : '/profile'}>
        {compliance ? 'See the requirements that apply to you' : 'Fill in your profile'}
      </Anchor>
    </Stack>
  );
}

function Skipped({ requirement }: { requirement: SkippedRequirement }) {
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {requirement.name}
      </Title>
      <Alert color="gray" variant="outline" title="Not evaluated">
        {requirement.reason === 'exempt' ? 'You are exempt: ' : 'Your profile lacks what it needs: '}
        {requirement.detail}
      </Alert>
      {requirement.reason === 'missing-profile-data' && (
        <Anchor component={Link} to="/profile">
          Complete your profile
        </Anchor>
      )}
    </Stack>
  );
}

function Requirement({ requirement, asOf }: { requirement: RequirementDetail; asOf: string }) {
  const status = statusOf(requirement);
  return (
    <>
      <Stack gap="xs">
        <Title order={1} size="h2">
          {requirement.name}
        </Title>
        <Group gap="sm">
          <Badge color={status.color} variant="dot" size="lg" data-testid="requirement-status">
            {status.label}
          </Badge>
          {requirement.authority && (
            <Text size="sm" c="gray.7">
              Set by {requirement.authority}
            </Text>
          )}
        </Group>
        <RequirementProgress requirement={requirement} asOf={asOf} />
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="components-heading">
        <Title order={2} size="h3" id="components-heading">
          Components
        </Title>
        <ComponentsTable components={requirement.components} />
      </Stack>

      <CreditsAndForecast requirement={requirement} asOf={asOf} />

      <Stack gap="xs" component="section" aria-labelledby="rule-heading">
        <Title order={2} size="h3" id="rule-heading">
          The rule
        </Title>
        <RuleFacts requirement={requirement} />
      </Stack>
    </>
  );
}

function ForecastText({ requirement, asOf }: { requirement: RequirementDetail; asOf: string }) {
  const { earliestCompletion, projectedCompletion } = requirement.forecast;
  if (requirement.status === 'met') {
    return (
      <Text>
        Met.
        {requirement.completion &&
          ` Completed on ${formatDate(requirement.completion.completedOn)}${requirement.completion.late ? ', after the due date' : ''}.`}
      </Text>
    );
  }
  const earliest =
    earliestCompletion === null
      ? 'It cannot be met within this cycle any more.'
      : earliestCompletion <= asOf
        ? 'It can be met now: the remaining hours may be earned at any time before the deadline.'
        : `Earliest completion: ${formatDate(earliestCompletion)} — caps limit how many hours count before then.`;
  const projected = !projectedCompletion
    ? 'There is no pace to project yet: nothing counts toward it so far in this cycle.'
    : `At your pace so far, you would meet it on ${formatDate(projectedCompletion)}${projectedCompletion > requirement.deadline ? ', after the deadline' : ''}.`;
  return (
    <>
      <Text data-testid="earliest-completion">{earliest}</Text>
      {earliestCompletion !== null && <Text>{projected}</Text>}
    </>
  );
}

/** The forecast (its chart needs the credits' dates) and the credits that count, from the ledger. */
function CreditsAndForecast({ requirement, asOf }: { requirement: RequirementDetail; asOf: string }) {
  const [credits, reload] = useResource(() =>
    loadCredits(new Set(requirement.allocations.map((allocation) => allocation.creditId))),
  );
  const completedOn =
    credits.state === 'ready'
      ? new Map([...credits.data.values()].map((credit) => [credit.id, credit.completedOn]))
      : undefined;
  const points = completedOn && progressSeries(requirement, completedOn, asOf);
  const allocations = [...requirement.allocations].sort((a, b) =>
    (completedOn?.get(b.creditId) ?? '').localeCompare(completedOn?.get(a.creditId) ?? ''),
  );
  return (
    <>
      <Stack gap="xs" component="section" aria-labelledby="forecast-heading">
        <Title order={2} size="h3" id="forecast-heading">
          Forecast
        </Title>
        <ForecastText requirement={requirement} asOf={asOf} />
        {points && (
          <Suspense fallback={<Loading label="Loading the chart" />}>
            <ForecastChart points={points} required={requirement.required} asOf={asOf} />
          </Suspense>
        )}
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="counted-heading">
        <Title order={2} size="h3" id="counted-heading">
          Credits that count
        </Title>
        {requirement.allocations.length === 0 && (
          <Text data-testid="no-allocations">No credit counts toward this requirement yet.</Text>
        )}
        {requirement.allocations.length > 0 && credits.state === 'loading' && (
          <Loading label="Loading the credits that count" />
        )}
        {credits.state === 'error' && <ErrorNotice message={credits.error.message} onRetry={reload} />}
        {requirement.allocations.length > 0 && credits.state === 'ready' && (
          <ScrollingTable
            label="Credits that count"
            minWidth={480}
            columns={['Activity', 'Completed', 'Credit type', 'Counted here']}
            testId="allocations"
          >
            {allocations.map((allocation) => {
              const credit = credits.data.get(allocation.creditId);
              return (
                <Table.Tr key={`${allocation.creditId}-${allocation.type}`}>
                  <Table.Th scope="row" fw={500}>
                    {credit?.activity.title ?? 'A credit no longer in your ledger'}
                    {allocation.carriedForward && (
                      <Text size="sm" c="gray.7" fw={400}>
                        Carried forward from the previous cycle
                      </Text>
                    )}
                  </Table.Th>
                  <Table.Td>{credit ? formatDate(credit.completedOn) : '—'}</Table.Td>
                  <Table.Td>{allocation.type}</Table.Td>
                  <Table.Td>{hours(allocation.amount)}</Table.Td>
                </Table.Tr>
              );
            })}
          </ScrollingTable>
        )}
      </Stack>
    </>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function RuleFacts({ requirement }: { requirement: RequirementDetail }) {
  const cycle = requirement.cycle.start
    ? `${formatDate(requirement.cycle.start)} – ${formatDate(requirement.cycle.end)}`
    : `One-time, due ${formatDate(requirement.cycle.end)}`;
  return (
    <>
      <List spacing={4} listStyleType="none" data-testid="rule-facts">
        <List.Item>
          Source:{' '}
          <Anchor href={requirement.source} target="_blank" rel="noopener noreferrer">
            {requirement.authority ?? 'The rule'} ({hostOf(requirement.source)})
            <VisuallyHidden>, opens in a new tab</VisuallyHidden>
          </Anchor>
        </List.Item>
        <List.Item>Rule version: {requirement.ruleVersion}</List.Item>
        <List.Item>Cycle: {cycle}</List.Item>
      </List>
      {requirement.verified === false && (
        <Text size="sm" c="gray.7">
          A fact behind this rule is not yet confirmed against its source; check the source before relying on
          it.
        </Text>
      )}
      {requirement.notes && requirement.notes.length > 0 && (
        <List size="sm" spacing={4}>
          {requirement.notes.map((note) => (
            <List.Item key={note}>{note}</List.Item>
          ))}
        </List>
      )}
    </>
  );
}
