import { Button, Stack, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';

import { ApiError } from '../../api/api-client';
import { useResource } from '../../api/use-resource';
import { ErrorNotice, Loading } from '../../components/LoadState';

/** A page of a list of the API (`?limit=&cursor=`). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Pages<T> {
  state: 'loading' | 'error' | 'ready';
  error?: ApiError;
  reload: () => void;
  items: T[];
  hasMore: boolean;
  loadMore: () => void;
  loadingMore: boolean;
  moreError?: string;
}

/**
 * The first page on mount, each further page appended by `loadMore`. The filters are the caller's: give the
 * component that calls this a `key` of them, so other filters start a new list.
 */
export function usePages<T>(loadPage: (cursor?: string) => Promise<Page<T>>): Pages<T> {
  const [first, reloadFirst] = useResource(() => loadPage());
  const [more, setMore] = useState<Page<T>>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string>();
  const nextCursor = more ? more.nextCursor : first.state === 'ready' ? first.data.nextCursor : null;
  return {
    state: first.state,
    error: first.state === 'error' ? first.error : undefined,
    reload: () => {
      setMore(undefined);
      setMoreError(undefined);
      reloadFirst();
    },
    items: first.state === 'ready' ? [...first.data.items, ...(more?.items ?? [])] : [],
    hasMore: nextCursor !== null,
    loadingMore,
    moreError,
    loadMore: () => {
      if (nextCursor === null) return;
      setLoadingMore(true);
      setMoreError(undefined);
      loadPage(nextCursor)
        .then(
          (page) => setMore({ items: [...(more?.items ?? []), ...page.items], nextCursor: page.nextCursor }),
          (error: unknown) =>
            setMoreError(error instanceof ApiError ? error.message : 'Loading more failed. Try again.'),
        )
        .finally(() => setLoadingMore(false));
    },
  };
}

/** A paged list's loading, error and empty states, its items, and "Load more" while the API has more. */
export function PagedList<T>({
  pages,
  loadingLabel,
  empty,
  children,
}: {
  pages: Pages<T>;
  loadingLabel: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (pages.state === 'loading') return <Loading label={loadingLabel} />;
  if (pages.state === 'error')
    return <ErrorNotice message={pages.error?.message ?? ''} onRetry={pages.reload} />;
  if (pages.items.length === 0) return <Text data-testid="empty-list">{empty}</Text>;
  return (
    <Stack gap="sm">
      {children(pages.items)}
      {pages.moreError && <ErrorNotice message={pages.moreError} />}
      {pages.hasMore && (
        <div>
          <Button variant="default" onClick={pages.loadMore} loading={pages.loadingMore}>
            Load more
          </Button>
        </div>
      )}
    </Stack>
  );
}

/** `?name=value&…` of the filters that are set (empty ones are left out), or '' when none is. */
export function queryOf(filters: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}
