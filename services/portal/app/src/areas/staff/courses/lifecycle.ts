import { type CourseStatus } from './course-api';

/** What each state of the catalog's lifecycle (services/catalog course-lifecycle.service.ts) allows staff to do. */
export interface LifecycleState {
  label: string;
  color: string;
  editable: boolean;
  canPublish: boolean;
  canRetire: boolean;
  /** What staff may do in this state, in a few words. */
  allows: string;
  explanation: string;
}

export const LIFECYCLE: Record<CourseStatus, LifecycleState> = {
  draft: {
    label: 'Draft',
    color: 'gray',
    editable: true,
    canPublish: true,
    canRetire: false,
    allows: 'edit, publish',
    explanation: 'Only staff see a draft. Edit it as often as needed, then publish it into the catalog.',
  },
  published: {
    label: 'Published',
    color: 'green',
    editable: true,
    canPublish: false,
    canRetire: true,
    allows: 'edit (each save a new version), retire',
    explanation:
      'In the catalog. Saving a change makes a new version that practitioners see at once; retiring takes ' +
      'the course out of the catalog for good.',
  },
  retired: {
    label: 'Retired',
    color: 'red',
    editable: false,
    canPublish: false,
    canRetire: false,
    allows: 'read-only',
    explanation:
      'Out of the catalog and read-only: it can no longer be changed or published again. Credits already ' +
      'claimed for it still count.',
  },
};
