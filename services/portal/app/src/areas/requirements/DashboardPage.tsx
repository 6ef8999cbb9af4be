import { SimpleGrid, Stack, Text, Title } from '@mantine/core';

import { ApiError, requestJson } from '../../api/api-client';
import { byNearestDeadline, NEEDS_ATTENTION, type Recommendation } from '../../api/compliance';
import { useResource } from '../../api/use-resource';
import { AtRiskBanner } from '../../components/AtRiskBanner';
import { ErrorNotice, Loading } from '../../components/LoadState';
import { RequirementCard } from '../../components/RequirementCard';
import { NotCoveredNotice } from './NotCoveredNotice';
import { type ComplianceDetail } from './requirement-detail';

const RECOMMENDATIONS = 3;

async function loadDashboard(): Promise<{
  compliance?: ComplianceDetail;
  recommendations?: Recommendation[];
}> {
  let compliance: ComplianceDetail;
  try {
    compliance = await requestJson<ComplianceDetail>('/api/credits/v1/practitioners/me/compliance');
  } catch (error) {
    // No profile yet: nothing to evaluate (the empty state says what to do).
    if (error instanceof ApiError && error.status === 404) return {};
    throw error;
  }
  if (!compliance.requirements.some((requirement) => NEEDS_ATTENTION.includes(requirement.status))) {
    return { compliance };
  }
  // The banner still shows the requirements at risk when recommendations fail.
  const recommendations = await requestJson<{ items: Recommendation[] }>(
    `/api/credits/v1/practitioners/me/recommendations?limit=${RECOMMENDATIONS}`,
  ).then(
    (response) => response.items,
    () => undefined,
  );
  return { compliance, recommendations };
}

/** The practitioner's first screen: every requirement's progress, nearest deadline first. */
export function DashboardPage() {
  const [dashboard, reload] = useResource(loadDashboard);
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        My requirements
      </Title>
      {dashboard.state === 'loading' && <Loading label="Loading your requirements" />}
      {dashboard.state === 'error' && <ErrorNotice message={dashboard.error.message} onRetry={reload} />}
      {dashboard.state === 'ready' && <Requirements {...dashboard.data} />}
    </Stack>
  );
}

function Requirements({ compliance, recommendations }: Awaited<ReturnType<typeof loadDashboard>>) {
  if (!compliance || compliance.requirements.length === 0) {
    return (
      <>
        <Text data-testid="empty-requirements">
          No requirements apply to you yet. Add your licenses and board certifications to your profile to see
          what you need to earn.
        </Text>
        <NotCoveredNotice notCovered={compliance?.notCovered ?? []} />
      </>
    );
  }
  const requirements = byNearestDeadline(compliance.requirements);
  return (
    <>
      <AtRiskBanner
        requirements={requirements.filter((requirement) => NEEDS_ATTENTION.includes(requirement.status))}
        recommendations={recommendations}
      />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {requirements.map((requirement) => (
          <RequirementCard key={requirement.id} requirement={requirement} asOf={compliance.asOf} />
        ))}
      </SimpleGrid>
      <NotCoveredNotice notCovered={compliance.notCovered ?? []} />
    </>
  );
}
