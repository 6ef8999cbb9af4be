import { Alert, Button, Center, Loader } from '@mantine/core';

export function Loading({ label }: { label: string }) {
  return (
    <Center py="xl" role="status" aria-label={label}>
      <Loader />
    </Center>
  );
}

/** An error in words, with a way to try again. */
export function ErrorNotice({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <Alert color="red" variant="light" title="Something went wrong" role="alert">
      {message}
      {onRetry && (
        <div>
          <Button variant="subtle" color="red" size="compact-sm" mt="xs" onClick={onRetry}>
            Try again
          </Button>
        </div>
      )}
    </Alert>
  );
}
