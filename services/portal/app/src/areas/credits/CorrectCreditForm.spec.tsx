/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';

import { ApiError } from '../../api/api-client';
import { CorrectCreditForm } from './CorrectCreditForm';
import { type CreditCorrection, type CreditEntry, type Vocabularies } from './credits-api';

const vocabularies: Vocabularies = {
  topics: [{ code: 'ethics', label: 'Ethics' }],
  creditTypes: [{ code: 'AMA_PRA_1', label: 'AMA PRA Category 1' }],
};
const entry: CreditEntry = {
  id: 'credit-1',
  source: 'outside',
  activity: { title: 'Ethics in pain practice', provider: 'Texas Pain Society', topics: ['ethics'] },
  completedOn: '2026-03-10',
  claimed: [{ type: 'AMA_PRA_1', amount: 2 }],
  voided: false,
};

function renderForm(correct: (id: string, correction: CreditCorrection) => Promise<CreditEntry>) {
  const corrected: CreditEntry[] = [];
  render(
    <MantineProvider>
      <CorrectCreditForm
        entry={entry}
        vocabularies={vocabularies}
        onCorrected={(next) => corrected.push(next)}
        onCancel={() => undefined}
        correct={correct}
      />
    </MantineProvider>,
  );
  return corrected;
}

describe('CorrectCreditForm', () => {
  it('sends only what changed', async () => {
    const sent: [string, CreditCorrection][] = [];
    const corrected = renderForm(async (id, correction) => {
      sent.push([id, correction]);
      return { ...entry, claimed: [{ type: 'AMA_PRA_1', amount: 2.5 }] };
    });
    fireEvent.change(screen.getByLabelText('Amount 1'), { target: { value: '2.5' } });
    fireEvent.change(screen.getByLabelText(/Provider/), { target: { value: 'Texas Pain Society ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the correction' }));
    await waitFor(() => expect(corrected).toHaveLength(1));
    expect(sent).toEqual([['credit-1', { claimed: [{ type: 'AMA_PRA_1', amount: 2.5 }] }]]);
  });

  it('shows the API’s refusal next to the field and in words', async () => {
    renderForm(async () => {
      throw new ApiError(400, 'AMA_PRA_1 is claimed in steps of 0.25', [
        { path: 'claimed[0].amount', message: 'AMA_PRA_1 is claimed in steps of 0.25' },
      ]);
    });
    fireEvent.change(screen.getByLabelText('Amount 1'), { target: { value: '2.1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the correction' }));
    expect(await screen.findByText('AMA_PRA_1 is claimed in steps of 0.25.')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('The correction was not saved');
    expect(screen.getByLabelText('Amount 1').getAttribute('aria-invalid')).toBe('true');
  });
});
