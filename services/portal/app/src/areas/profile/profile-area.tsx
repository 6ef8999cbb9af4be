import { type Area } from '../area';
import { ProfilePage } from './ProfilePage';
import { RemindersPage } from './RemindersPage';

/** The practitioner's profile (licenses, boards, DEA registration) and reminder preferences. */
export const profileArea: Area = {
  pages: [
    { path: '/profile', element: <ProfilePage /> },
    { path: '/profile/reminders', element: <RemindersPage /> },
  ],
  navigation: [
    { to: '/profile', label: 'Profile', end: true },
    { to: '/profile/reminders', label: 'Reminders' },
  ],
};
