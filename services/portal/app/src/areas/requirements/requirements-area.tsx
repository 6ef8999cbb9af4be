import { type Area } from '../area';
import { DashboardPage } from './DashboardPage';

/** The practitioner's requirements: the dashboard (and each requirement's detail). */
export const requirementsArea: Area = {
  pages: [{ path: '/', element: <DashboardPage /> }],
  navigation: [{ to: '/', label: 'My requirements', end: true }],
};
