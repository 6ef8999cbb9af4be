/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen } from '@testing-library/react';

import { ApiError } from '../../api/api-client';
import { CatalogClaimForm } from './CatalogClaimForm';
import { type Course, type NewCredit, type Vocabularies } from './credits-api';
import { type Submission } from './use-record-credit';

const course: Course = {
  id: 'course-1',
  title: 'Safe opioid prescribing for chronic pain',
  provider: { name: 'PMEC' },
  format: 'live',
  topics: ['opioid-prescribing'],
  credits: [
    { type: 'AMA_PRA_1', amount: 8 },
    { type: 'ANCC_CH', amount: 8 },
  ],
};
const vocabularies: Vocabularies = {
  topics: [{ code: 'opioid-prescribing', label: 'Opioid prescribing' }],
  creditTypes: [
    { code: 'AMA_PRA_1', label: 'AMA PRA Category 1' },
    { code: 'ANCC_CH', label: 'ANCC contact hours' },
  ],
};

function renderForm(submission: Submission = { submitting: false }) {
  const sent: NewCredit[] = [];
  const view = render(
    <MantineProvider>
      <CatalogClaimForm
        course={course}
        vocabularies={vocabularies}
        submission={submission}
        onSubmit={(credit) => sent.push(credit)}
        onCancel={() => undefined}
      />
    </MantineProvider>,
  );
  return { sent, view };
}

const amountOf = (label: RegExp) => screen.getByLabelText(label) as HTMLInputElement;
const setValue = (input: HTMLElement, value: string) => fireEvent.change(input, { target: { value } });

describe('CatalogClaimForm', () => {
  it('starts from the designated amounts and sends the claim with its topic hours', () => {
    const { sent } = renderForm();
    expect(amountOf(/AMA PRA Category 1 \(up to 8\)/).value).toBe('8');
    setValue(screen.getByLabelText(/Completed on/), '2026-10-01');
    setValue(amountOf(/ANCC contact hours/), '');
    setValue(screen.getByLabelText('Hours on Opioid prescribing'), '2');
    fireEvent.click(screen.getByRole('button', { name: 'Record this credit' }));
    expect(sent).toEqual([
      {
        courseId: 'course-1',
        completedOn: '2026-10-01',
        claimed: [{ type: 'AMA_PRA_1', amount: 8, topicHours: { 'opioid-prescribing': 2 } }],
      },
    ]);
  });

  it('says what is wrong next to each field and sends nothing', () => {
    const { sent } = renderForm();
    setValue(amountOf(/AMA PRA Category 1/), '9');
    fireEvent.click(screen.getByRole('button', { name: 'Record this credit' }));
    expect(sent).toEqual([]);
    expect(screen.getByText('Enter the date you completed the activity.')).toBeTruthy();
    expect(screen.getByText('At most 8 can be claimed for this course.')).toBeTruthy();
    expect(amountOf(/AMA PRA Category 1/).getAttribute('aria-invalid')).toBe('true');
    expect(amountOf(/ANCC contact hours/).getAttribute('aria-invalid')).not.toBe('true');
  });

  it('shows the API’s field errors next to their fields until the form changes', () => {
    renderForm({
      submitting: false,
      error: new ApiError(422, 'The claim exceeds what the course designates.', [
        { path: 'claimed[1].amount', message: 'at most 8 ANCC_CH can be claimed' },
        { path: 'completedOn', message: 'must not be after 2026-11-30, today in your time zone' },
      ]),
    });
    expect(screen.getByRole('alert').textContent).toContain('The claim exceeds what the course designates.');
    const ancc = amountOf(/ANCC contact hours/);
    expect(ancc.getAttribute('aria-invalid')).toBe('true');
    expect(
      document.getElementById(ancc.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent,
    ).toBe('At most 8 ANCC_CH can be claimed.');
    expect(screen.getByText('Must not be after 2026-11-30, today in your time zone.')).toBeTruthy();
    setValue(ancc, '7');
    expect(screen.queryByText('At most 8 ANCC_CH can be claimed.')).toBeNull();
  });
});
