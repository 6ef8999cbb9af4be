import { useCallback, useEffect, useRef, useState } from 'react';

import { ApiError, signIn } from './api-client';

/** A page of a list route (`?limit=&cursor=` → `{ items, nextCursor }`, api-contract.md). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedList<T> {
  items: T[];
  /** `loading` the first page, `more` a further one. */
  state: 'loading' | 'more' | 'ready' | 'error';
  error?: ApiError;
  hasMore: boolean;
  loadMore: () => void;
  /** The failed request again (the first page, or the further one). */
  retry: () => void;
  reload: () => void;
}

/**
 * A list read page by page with the API's `cursor` ("Load more"), from the first page again whenever `key` (the
 * filters, as a string) changes or `reload()` is called. An answer that arrives after a newer request is dropped.
 */
export function usePagedList<T>(key: string, load: (cursor?: string) => Promise<Page<T>>): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [state, setState] = useState<PagedList<T>['state']>('loading');
  const [error, setError] = useState<ApiError>();
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const request = useRef(0);
  const lastCursor = useRef<string | undefined>(undefined);
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetchPage = useCallback((cursor: string | undefined) => {
    const current = ++request.current;
    lastCursor.current = cursor;
    setState(cursor ? 'more' : 'loading');
    if (!cursor) setItems([]);
    setError(undefined);
    loadRef.current(cursor).then(
      (page) => {
        if (current !== request.current) return;
        setItems((before) => (cursor ? [...before, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
        setState('ready');
      },
      (failure: unknown) => {
        if (current !== request.current) return;
        const apiError =
          failure instanceof ApiError ? failure : new ApiError(0, 'Something went wrong. Try again.');
        if (apiError.status === 401) signIn();
        setError(apiError);
        setState('error');
      },
    );
  }, []);

  useEffect(() => fetchPage(undefined), [key, attempt, fetchPage]);

  return {
    items,
    state,
    error,
    hasMore: nextCursor !== null,
    loadMore: () => nextCursor && fetchPage(nextCursor),
    retry: () => fetchPage(lastCursor.current),
    reload: useCallback(() => setAttempt((n) => n + 1), []),
  };
}
