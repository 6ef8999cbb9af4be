import { Navigate } from 'react-router';

import { type Area } from '../area';
import { EditCoursePage, NewCoursePage } from './courses/CourseEditorPage';
import { CourseImportPage } from './courses/CourseImportPage';
import { CourseListPage } from './courses/CourseListPage';
import { PractitionerPage } from './practitioners/PractitionerPage';
import { RemindersPage } from './reminders/RemindersPage';
import { RosterPage } from './roster/RosterPage';

/** The staff pages: course editor and imports, compliance roster, a practitioner's compliance, reminders. */
export const staffArea: Area = {
  staffOnly: true,
  pages: [
    { path: '/staff', element: <Navigate to="/staff/courses" replace /> },
    { path: '/staff/courses', element: <CourseListPage /> },
    { path: '/staff/courses/new', element: <NewCoursePage /> },
    { path: '/staff/courses/import', element: <CourseImportPage /> },
    { path: '/staff/courses/:id', element: <EditCoursePage /> },
    { path: '/staff/roster', element: <RosterPage /> },
    { path: '/staff/practitioners/:id', element: <PractitionerPage /> },
    { path: '/staff/reminders', element: <RemindersPage /> },
  ],
  navigation: [
    { to: '/staff/courses', label: 'Courses' },
    { to: '/staff/roster', label: 'Roster' },
    { to: '/staff/reminders', label: "Practitioners' reminders" },
  ],
};
