import { byNearestDeadline, type RequirementView } from './compliance';

const requirement = (id: string, deadline: string, remaining: number): RequirementView => ({
  id,
  name: id,
  deadline,
  status: 'on-track',
  required: 10,
  earned: 10 - remaining,
  remaining,
});

describe('byNearestDeadline', () => {
  it('puts the nearest deadline first, then the most hours to go', () => {
    const sorted = byNearestDeadline([
      requirement('b', '2031-12-31', 5),
      requirement('a', '2027-04-30', 2),
      requirement('c', '2027-04-30', 8),
    ]);
    expect(sorted.map((r) => r.id)).toEqual(['c', 'a', 'b']);
  });
});
