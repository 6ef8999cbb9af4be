/** @jest-environment jsdom */
import { navigationFor } from './routes';

const user = (...roles: string[]) => ({ sub: 'u-1', roles });
const labels = (...roles: string[]) => navigationFor(user(...roles)).map((link) => link.label);

describe('navigationFor', () => {
  it("gives practitioners their own pages and never the staff's", () => {
    expect(labels('practitioner')).toEqual(
      expect.arrayContaining(['My requirements', 'Record a credit', 'Profile']),
    );
    expect(labels('practitioner')).not.toContain('Courses');
  });

  it("gives staff the staff pages alone (a practitioner's pages would be empty for them)", () => {
    expect(labels('staff')).toEqual(['Courses', 'Roster', "Practitioners' reminders"]);
    expect(labels('admin')).toEqual(labels('staff'));
  });

  it('gives a practitioner who is also staff both', () => {
    expect(labels('practitioner', 'staff')).toEqual(expect.arrayContaining(['My requirements', 'Courses']));
  });
});
