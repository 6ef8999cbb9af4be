import { Alert, List, Text } from '@mantine/core';

/**
 * Why a form was not saved, above its save button: `failure` in words, and the API's messages that no field on
 * screen shows (`unplaced`). Absent when there is neither.
 */
export function FormFailure({
  title,
  failure,
  unplaced,
}: {
  title: string;
  failure: string | undefined;
  unplaced: readonly string[];
}) {
  if (!failure && unplaced.length === 0) return null;
  return (
    <Alert color="red" variant="light" title={title} role="alert" data-testid="save-failure">
      {failure && <Text size="sm">{failure}</Text>}
      {unplaced.length > 0 && (
        <List size="sm" mt="xs">
          {unplaced.map((message) => (
            <List.Item key={message}>{message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
