import { useEffect, useState } from 'react';

import { ApiError, requestJson } from './api-client';
import { useResource } from './use-resource';

/** A page of a list route (`?limit=&cursor=` → `{ items, nextCursor }`, api-contract.md). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Pages<T> {
  /** The first page's state: loading, error (with reload) or ready. */
  first: ReturnType<typeof useResource<Page<T>>>[0];
  reload: () => void;
  /** Every item loaded so far, first page first. */
  items: T[];
  hasMore: boolean;
  loadMore: () => void;
  loadingMore: boolean;
  /** Why the last "load more" failed, in words. */
  moreError?: string;
}

/** A list read page by page: the first page on mount, the next on `loadMore()` (a "Load more" button). */
export function usePages<T>(pathOf: (cursor: string | undefined) => string): Pages<T> {
  const [first, reload] = useResource(() => requestJson<Page<T>>(pathOf(undefined)));
  const [more, setMore] = useState<Page<T>>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string>();
  // A reloaded first page starts the list over.
  useEffect(() => {
    setMore(undefined);
    setMoreError(undefined);
  }, [first]);

  const firstPage = first.state === 'ready' ? first.data : undefined;
  const nextCursor = more ? more.nextCursor : (firstPage?.nextCursor ?? null);
  const loadMore = () => {
    if (!nextCursor || loadingMore) return;
    setLoadingMore(true);
    setMoreError(undefined);
    requestJson<Page<T>>(pathOf(nextCursor))
      .then(
        (page) => setMore({ items: [...(more?.items ?? []), ...page.items], nextCursor: page.nextCursor }),
        (error: unknown) =>
          setMoreError(error instanceof ApiError ? error.message : 'Loading more failed. Try again.'),
      )
      .finally(() => setLoadingMore(false));
  };
  return {
    first,
    reload,
    items: [...(firstPage?.items ?? []), ...(more?.items ?? [])],
    hasMore: nextCursor !== null,
    loadMore,
    loadingMore,
    moreError,
  };
}
