/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';

import { PreferencesForm } from './RemindersPage';

describe('PreferencesForm', () => {
  afterEach(() => jest.restoreAllMocks());

  it('adds and removes offsets, and names the offset a message of the API is about', async () => {
    // jsdom has no Response: what requestJson reads of one.
    const fetch = jest.fn(async () => ({
      ok: false,
      status: 400,
      json: async () => ({
        status: 400,
        errors: [{ path: 'offsetsDays[0]', message: 'Too big: expected number to be <=365' }],
      }),
    }));
    global.fetch = fetch as unknown as typeof global.fetch;
    render(
      <MantineProvider>
        <PreferencesForm
          preferences={{ remindersEnabled: true, offsetsDays: [30, 7], digest: true, courseAlerts: true }}
        />
      </MantineProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Remove the reminder 7 days before' }));
    fireEvent.change(screen.getByLabelText('Days before a deadline'), { target: { value: '400' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add reminder' }));
    expect(screen.getByTestId('offsets').textContent).toBe('400 days before30 days before');

    fireEvent.click(screen.getByRole('button', { name: 'Save preferences' }));
    await waitFor(() =>
      expect(screen.getByTestId('offsets-error').textContent).toBe(
        '400 days: Too big: expected number to be <=365',
      ),
    );
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toEqual({
      remindersEnabled: true,
      offsetsDays: [400, 30],
      digest: true,
      courseAlerts: true,
    });
  });
});
