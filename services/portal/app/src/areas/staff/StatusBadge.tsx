import { Badge } from '@mantine/core';

/**
 * A status in words beside its colour dot, never narrower than its words: a table column would otherwise
 * shrink it and cut the words off.
 */
export function StatusBadge({ status }: { status: { label: string; color: string } | undefined }) {
  return (
    <Badge color={status?.color ?? 'gray'} variant="dot" style={{ minWidth: 'max-content' }}>
      {status?.label ?? 'Unknown'}
    </Badge>
  );
}
