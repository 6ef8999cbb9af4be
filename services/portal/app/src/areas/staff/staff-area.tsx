import { type Area } from '../area';
import { StaffHomePage } from './StaffHomePage';

/** The staff pages: course editor, compliance roster, reminders. */
export const staffArea: Area = {
  staffOnly: true,
  pages: [{ path: '/staff', element: <StaffHomePage /> }],
  navigation: [{ to: '/staff', label: 'Staff', end: true }],
};
