import { Alert, List, Text } from '@mantine/core';

import { type Recommendation, type RequirementView } from '../api/compliance';

/** Requirements that need attention, and the catalog courses that would close their gaps. */
export function AtRiskBanner({
  requirements,
  recommendations,
}: {
  requirements: readonly RequirementView[];
  recommendations: readonly Recommendation[] | undefined;
}) {
  if (requirements.length === 0) return null;
  const names = requirements.map((requirement) => requirement.name).join(', ');
  return (
    <Alert
      color="orange"
      variant="outline"
      title={`${requirements.length === 1 ? '1 requirement needs' : `${requirements.length} requirements need`} attention`}
      // The title in the body text colour: orange text on white is too faint to read (WCAG AA).
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
      role="region"
    >
      <Text size="sm">{names}</Text>
      {recommendations && recommendations.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="sm">
            Recommended courses
          </Text>
          <List size="sm" spacing={4} data-testid="recommendations">
            {recommendations.map(({ course, hoursClosed, advances }) => (
              <List.Item key={course.id}>
                <Text span size="sm" fw={500}>
                  {course.title}
                </Text>
                {course.provider && ` · ${course.provider.name}`} — closes {hoursClosed} hours
                {advances.length > 0 && ` (${advances.map((advance) => advance.name).join(', ')})`}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {recommendations && recommendations.length === 0 && (
        <Text size="sm" mt="sm">
          No catalog course closes these gaps right now.
        </Text>
      )}
    </Alert>
  );
}
