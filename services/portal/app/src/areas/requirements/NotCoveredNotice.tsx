import { Alert, Anchor, List, Text } from '@mantine/core';
import { Link } from 'react-router';

import { type NotCovered } from './requirement-detail';

const KIND: Record<NotCovered['kind'], string> = {
  license: 'License',
  board: 'Board certification',
  registration: 'Registration',
};

/**
 * Licenses, boards and registrations of the profile that no rule pack covers: their requirements are not
 * evaluated at all, which must not read as met.
 */
export function NotCoveredNotice({ notCovered }: { notCovered: readonly NotCovered[] }) {
  if (notCovered.length === 0) return null;
  return (
    <Alert
      color="gray"
      variant="outline"
      title="Not evaluated"
      role="region"
      aria-label="Not evaluated"
      data-testid="not-covered"
    >
      <Text size="sm">
        We do not know the requirements of these yet, so nothing about them is shown as met or missing. Check
        them with the board or state yourself.
      </Text>
      <List size="sm" spacing={4} mt="xs">
        {notCovered.map((entry) => (
          <List.Item key={`${entry.kind}-${entry.code}`}>
            {KIND[entry.kind] ?? entry.kind} {entry.code}: {entry.detail}
          </List.Item>
        ))}
      </List>
      <Anchor component={Link} to="/profile" size="sm">
        Review your profile
      </Anchor>
    </Alert>
  );
}
