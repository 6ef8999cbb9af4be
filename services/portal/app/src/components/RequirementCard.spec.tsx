/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';

import { type RequirementView } from '../api/compliance';
import { daysBetween, formatDate, RequirementCard } from './RequirementCard';

const requirement: RequirementView = {
  id: 'tx-physician-cme',
  name: 'Texas license CME',
  deadline: '2027-04-30',
  status: 'at-risk',
  required: 48,
  earned: 12.5,
  remaining: 35.5,
};

const renderCard = (overrides: Partial<RequirementView> = {}, asOf = '2026-11-30') =>
  render(
    <MantineProvider>
      <MemoryRouter>
        <RequirementCard requirement={{ ...requirement, ...overrides }} asOf={asOf} />
      </MemoryRouter>
    </MantineProvider>,
  );

describe('RequirementCard', () => {
  it('shows progress, status, remaining hours and the deadline', () => {
    renderCard();
    const card = screen.getByRole('article', { name: 'Texas license CME' });
    expect(within(card).getByText('At risk')).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'Texas license CME' }).getAttribute('href')).toBe(
      '/requirements/tx-physician-cme',
    );
    expect(within(card).getByText('12.5 hours of 48 hours')).toBeTruthy();
    expect(within(card).getByText('35.5 hours to go')).toBeTruthy();
    expect(within(card).getByText('Deadline Apr 30, 2027 · 151 days left')).toBeTruthy();
    const progress = within(card).getByRole('progressbar');
    expect(progress.getAttribute('aria-label')).toBe('Texas license CME: 12.5 hours of 48 hours');
    expect(progress.getAttribute('aria-valuenow')).toBe(String((12.5 / 48) * 100));
  });

  it('says a met requirement is complete and caps its progress at 100 %', () => {
    renderCard({ status: 'met', earned: 60, remaining: 0 });
    expect(screen.getByText('Met')).toBeTruthy();
    expect(screen.getByText('Complete')).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
  });

  it('counts the days past an overdue deadline', () => {
    renderCard({ status: 'overdue' }, '2027-05-02');
    expect(screen.getByText('Overdue')).toBeTruthy();
    expect(screen.getByText('Deadline Apr 30, 2027 · 2 days past the deadline')).toBeTruthy();
  });

  it('does not count days past the deadline of a met one-time requirement', () => {
    renderCard({ status: 'met', earned: 48, remaining: 0 }, '2027-05-02');
    expect(screen.getByText('Deadline Apr 30, 2027 · met')).toBeTruthy();
  });
});

describe('dates', () => {
  it('formats calendar dates in any time zone as written', () => {
    expect(formatDate('2031-12-31')).toBe('Dec 31, 2031');
    expect(daysBetween('2026-11-30', '2026-12-01')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
  });
});
