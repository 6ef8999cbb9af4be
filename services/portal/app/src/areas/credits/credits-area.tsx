import { lazy, type ReactNode, Suspense } from 'react';

import { Loading } from '../../components/LoadState';
import { type Area } from '../area';

// Loaded when first opened: the forms, the dropzone and their styles stay out of the dashboard's bundle.
const CreditHistoryPage = lazy(() =>
  import('./CreditHistoryPage').then((module) => ({ default: module.CreditHistoryPage })),
);
const RecordCreditPage = lazy(() =>
  import('./RecordCreditPage').then((module) => ({ default: module.RecordCreditPage })),
);

const loaded = (page: ReactNode) => (
  <Suspense fallback={<Loading label="Loading the page" />}>{page}</Suspense>
);

/** The practitioner's credits: recording one, the history, transcripts and imports. */
export const creditsArea: Area = {
  pages: [
    { path: '/credits', element: loaded(<CreditHistoryPage />) },
    { path: '/credits/new', element: loaded(<RecordCreditPage />) },
  ],
  navigation: [
    { to: '/credits', label: 'My credits', end: true },
    { to: '/credits/new', label: 'Record a credit', end: true },
  ],
};
