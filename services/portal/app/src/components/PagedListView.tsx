import { Button, Center, Text } from '@mantine/core';
import { type ReactNode } from 'react';

import { type PagedList } from '../api/use-paged-list';
import { ErrorNotice, Loading } from './LoadState';

/** A paged list's states: loading, error (with a retry), empty, the items, and "Load more" while there are more. */
export function PagedListView<T>({
  list,
  loadingLabel,
  empty,
  children,
}: {
  list: PagedList<T>;
  loadingLabel: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (list.state === 'loading') return <Loading label={loadingLabel} />;
  if (list.state === 'ready' && list.items.length === 0) return <Text>{empty}</Text>;
  return (
    <>
      {list.items.length > 0 && children(list.items)}
      {list.state === 'error' && list.error && (
        <ErrorNotice message={list.error.message} onRetry={list.retry} />
      )}
      {list.hasMore && list.state !== 'error' && (
        <Center>
          <Button variant="default" onClick={list.loadMore} loading={list.state === 'more'}>
            Load more
          </Button>
        </Center>
      )}
    </>
  );
}
