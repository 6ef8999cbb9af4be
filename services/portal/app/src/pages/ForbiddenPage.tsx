import { Anchor, Stack, Text, Title } from '@mantine/core';

/** A signed-in user opened a page their role does not include (e.g. a practitioner on a staff page). */
export function ForbiddenPage({ onHome }: { onHome: () => void }) {
  return (
    <Stack gap="sm" data-testid="forbidden">
      <Title order={1} size="h2">
        You do not have access to this page
      </Title>
      <Text>This page is for staff. If you think you should have access, ask an administrator.</Text>
      <Anchor
        href="/"
        onClick={(event) => {
          event.preventDefault();
          onHome();
        }}
      >
        Back to my requirements
      </Anchor>
    </Stack>
  );
}
