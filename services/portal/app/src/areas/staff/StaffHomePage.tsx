import { Stack, Text, Title } from '@mantine/core';

/** The staff area's entry; the course editor and the compliance roster come next (issue 15). */
export function StaffHomePage() {
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        Staff
      </Title>
      <Text>The course editor and the compliance roster are not in the portal yet.</Text>
    </Stack>
  );
}
