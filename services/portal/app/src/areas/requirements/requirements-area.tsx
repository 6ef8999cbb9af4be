import { type Area } from '../area';
import { DashboardPage } from './DashboardPage';
import { RequirementDetailPage } from './RequirementDetailPage';

/** The practitioner's requirements: the dashboard and each requirement's detail. */
export const requirementsArea: Area = {
  pages: [
    { path: '/', element: <DashboardPage /> },
    { path: '/requirements/:id', element: <RequirementDetailPage /> },
  ],
  navigation: [{ to: '/', label: 'My requirements', end: true }],
};
