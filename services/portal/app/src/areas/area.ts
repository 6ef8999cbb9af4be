import { type ReactElement } from 'react';

/** A page of the app: its path (React Router syntax, e.g. `/requirements/:id`) and what it shows. */
export interface PageRoute {
  path: string;
  element: ReactElement;
}

/** A link of the main navigation. `end`: active only on exactly this path (not on the paths below it). */
export interface NavigationLink {
  to: string;
  label: string;
  end?: boolean;
}

/**
 * One area of the app (the practitioner's requirements, credits, profile; the staff pages): its pages and
 * its links in the navigation. Each area lives in its own folder and is listed once in `routes.tsx`.
 */
export interface Area {
  pages: PageRoute[];
  navigation: NavigationLink[];
  /** Staff and admins only: everyone else gets the 403 page. */
  staffOnly?: boolean;
}
