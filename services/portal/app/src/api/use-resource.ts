import { useCallback, useEffect, useState } from 'react';

import { ApiError, signIn } from './api-client';

export type Resource<T> =
  { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; data: T };

/** Loads `load()` on mount and on `reload()`; an ended session sends the browser to sign in. */
export function useResource<T>(load: () => Promise<T>): [Resource<T>, () => void] {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setResource({ state: 'loading' });
    load().then(
      (data) => current && setResource({ state: 'ready', data }),
      (error: unknown) => {
        if (!current) return;
        const failure =
          error instanceof ApiError ? error : new ApiError(0, 'Something went wrong. Try again.');
        if (failure.status === 401) signIn();
        setResource({ state: 'error', error: failure });
      },
    );
    return () => {
      current = false;
    };
    // `load` is a new function on every render; `attempt` is what asks for a reload.
  }, [attempt]);
  return [resource, useCallback(() => setAttempt((n) => n + 1), [])];
}
