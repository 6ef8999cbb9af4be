/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';

import { type ComplianceDetail, type RequirementDetail } from './requirement-detail';
import { RequirementDetailPage } from './RequirementDetailPage';

const mate: RequirementDetail = {
  id: 'dea-mate-training',
  name: 'DEA MATE Act training',
  authority: 'U.S. Drug Enforcement Administration',
  source: 'https://deadiversion.usdoj.gov/faq/MATE_Act_faq.html',
  ruleVersion: '2023-06',
  verified: true,
  cycle: { start: null, end: '2024-01-01' },
  deadline: '2024-01-01',
  status: 'met',
  required: 8,
  earned: 10,
  remaining: 0,
  components: [
    { name: 'Substance use disorder training', kind: 'topic', required: 8, earned: 10, remaining: 0 },
  ],
  allocations: [{ creditId: 'c-1', type: 'AMA_PRA_1', amount: 8, carriedForward: true }],
  forecast: { earliestCompletion: '2026-11-30', projectedCompletion: '2026-11-30' },
  completion: { completedOn: '2026-10-01', late: true },
};

const compliance: ComplianceDetail = {
  asOf: '2026-11-30',
  requirements: [mate],
  skipped: [
    {
      id: 'ca-geriatric',
      name: 'California geriatric medicine',
      reason: 'missing-profile-data',
      detail: 'The license needs an expiry date.',
    },
  ],
  notCovered: [{ kind: 'license', code: 'WA', detail: 'No rule pack covers the WA license of a physician.' }],
};

// jsdom has no Response: what requestJson reads of one.
const ok = (body: unknown) => ({ ok: true, status: 200, json: async () => body });

function renderAt(path: string) {
  global.fetch = jest.fn(async (url: string) =>
    ok(
      url.includes('/compliance')
        ? compliance
        : {
            items: [
              { id: 'c-1', activity: { title: 'Opioid use disorder course' }, completedOn: '2023-05-01' },
            ],
            nextCursor: null,
          },
    ),
  ) as unknown as typeof global.fetch;
  render(
    <MantineProvider>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/requirements/:id" element={<RequirementDetailPage />} />
        </Routes>
      </MemoryRouter>
    </MantineProvider>,
  );
}

describe('RequirementDetailPage', () => {
  afterEach(() => jest.restoreAllMocks());

  it('shows a requirement with its components, the credits that count, the rule and what is not evaluated', async () => {
    renderAt('/requirements/dea-mate-training');
    expect(await screen.findByRole('heading', { level: 1, name: 'DEA MATE Act training' })).toBeTruthy();
    expect(screen.getByTestId('components').textContent).toContain('Substance use disorder training');
    expect(screen.getByText('Met. Completed on Oct 1, 2026, after the due date.')).toBeTruthy();
    const credit = await within(await screen.findByTestId('allocations')).findByRole('row', {
      name: /Opioid use disorder course/,
    });
    expect(credit.textContent).toContain('Carried forward from the previous cycle');
    expect(credit.textContent).toContain('May 1, 2023');
    const source = screen.getByRole('link', { name: /U.S. Drug Enforcement Administration/ });
    expect(source.getAttribute('target')).toBe('_blank');
    expect(source.getAttribute('rel')).toContain('noopener');
    expect(screen.getByTestId('rule-facts').textContent).toContain('Cycle: One-time, due Jan 1, 2024');
    expect(screen.getByTestId('not-covered').textContent).toContain('License WA');
  });

  it('says why a skipped requirement is not evaluated', async () => {
    renderAt('/requirements/ca-geriatric');
    expect(
      await screen.findByText(/Your profile lacks what it needs: The license needs an expiry date./),
    ).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Complete your profile' }).getAttribute('href')).toBe('/profile');
  });

  it('says an unknown requirement is not found, with a way back', async () => {
    renderAt('/requirements/nothing-like-it');
    expect(await screen.findByRole('heading', { name: 'Requirement not found' })).toBeTruthy();
    expect(
      screen.getByRole('link', { name: 'See the requirements that apply to you' }).getAttribute('href'),
    ).toBe('/');
    expect(screen.getByRole('link', { name: /Back to my requirements/ }).getAttribute('href')).toBe('/');
  });
});
