import { Navigate, Route, Routes, useNavigate } from 'react-router';

import { isStaff, type SessionUser } from './api/session';
import { type Area, type NavigationLink } from './areas/area';
import { creditsArea } from './areas/credits/credits-area';
import { profileArea } from './areas/profile/profile-area';
import { requirementsArea } from './areas/requirements/requirements-area';
import { staffArea } from './areas/staff/staff-area';
import { ForbiddenPage } from './pages/ForbiddenPage';
import { NotFoundPage } from './pages/NotFoundPage';

/** Every area of the app, in the order of the navigation. */
const AREAS: readonly Area[] = [requirementsArea, creditsArea, profileArea, staffArea];

/** Staff and admins who are not practitioners themselves: the practitioner's pages would be empty for them. */
const staffOnlyUser = (user: SessionUser) => isStaff(user) && !user.roles.includes('practitioner');

/** The links the user may follow: staff areas for staff and admins, the practitioner's for everyone else. */
export function navigationFor(user: SessionUser): NavigationLink[] {
  return AREAS.filter((area) => (area.staffOnly ? isStaff(user) : !staffOnlyUser(user))).flatMap(
    (area) => area.navigation,
  );
}

function Forbidden() {
  const navigate = useNavigate();
  return <ForbiddenPage onHome={() => navigate('/')} />;
}

/** The page of the address; a staff page opened by anyone else is the 403 page, an unknown path the 404. */
export function AppRoutes({ user }: { user: SessionUser }) {
  const staff = isStaff(user);
  return (
    <Routes>
      {AREAS.flatMap((area) =>
        area.pages
          // A staff member's home is the staff area (declared below).
          .filter((page) => !(page.path === '/' && staffOnlyUser(user)))
          .map((page) => (
            <Route
              key={page.path}
              path={page.path}
              element={area.staffOnly && !staff ? <Forbidden /> : page.element}
            />
          )),
      )}
      {staffOnlyUser(user) && <Route path="/" element={<Navigate to="/staff" replace />} />}
      <Route path="/staff/*" element={staff ? <NotFoundPage /> : <Forbidden />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
