import { Stack, Text, Title } from '@mantine/core';

export function NotFoundPage() {
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text>There is no page at this address.</Text>
    </Stack>
  );
}
