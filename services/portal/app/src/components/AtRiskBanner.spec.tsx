/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';

import { type Recommendation, type RequirementView } from '../api/compliance';
import { AtRiskBanner } from './AtRiskBanner';

const atRisk: RequirementView = {
  id: 'tx',
  name: 'Texas license CME',
  deadline: '2027-04-30',
  status: 'at-risk',
  required: 48,
  earned: 12,
  remaining: 36,
};
const recommendation: Recommendation = {
  course: { id: 'c-1', title: 'Safe opioid prescribing', provider: { name: 'PMEC' } },
  hoursClosed: 8,
  advances: [{ requirementId: 'tx', name: 'Texas license CME', hours: 8 }],
};

const renderBanner = (requirements: RequirementView[], recommendations?: Recommendation[]) =>
  render(
    <MantineProvider>
      <AtRiskBanner requirements={requirements} recommendations={recommendations} />
    </MantineProvider>,
  );

describe('AtRiskBanner', () => {
  it('is absent when nothing needs attention', () => {
    renderBanner([]);
    expect(screen.queryByRole('region')).toBeNull();
  });

  it('names the requirements and the courses that close their gaps', () => {
    renderBanner([atRisk], [recommendation]);
    expect(screen.getByRole('region', { name: '1 requirement needs attention' })).toBeTruthy();
    expect(screen.getByText('1 requirement needs attention')).toBeTruthy();
    expect(screen.getByText('Safe opioid prescribing')).toBeTruthy();
    expect(screen.getByTestId('recommendations').textContent).toContain('closes 8 hours (Texas license CME)');
  });

  it('says so when no course closes the gaps, and still warns when recommendations failed to load', () => {
    renderBanner([atRisk, { ...atRisk, id: 'fl', name: 'Florida license CME' }], []);
    expect(screen.getByText('2 requirements need attention')).toBeTruthy();
    expect(screen.getByText('No catalog course closes these gaps right now.')).toBeTruthy();
  });
});
