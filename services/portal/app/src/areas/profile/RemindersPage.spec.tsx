/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';

import { type Delivery, PreferencesForm, RemindersPage } from './RemindersPage';

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

// jsdom has no Response: what requestJson reads of one.
const ok = (body: unknown) => ({ ok: true, status: 200, json: async () => body });

const delivery = (id: string, subject: string, sentAt: string | null): Delivery => ({
  id,
  kind: 'reminder-digest',
  subject,
  status: sentAt ? 'sent' : 'queued',
  createdAt: '2026-11-30T08:00:00.000Z',
  sentAt,
});

function serve(deliveryPages: Record<string, { items: Delivery[]; nextCursor: string | null }>) {
  global.fetch = jest.fn(async (url: string) => {
    if (url.includes('/preferences')) {
      return ok({ remindersEnabled: true, offsetsDays: [30], digest: true, courseAlerts: false });
    }
    return ok(deliveryPages[new URL(url, 'http://portal').searchParams.get('cursor') ?? '']);
  }) as unknown as typeof global.fetch;
}

const renderPage = () =>
  render(
    <MantineProvider>
      <RemindersPage />
    </MantineProvider>,
  );

describe('RemindersPage', () => {
  afterEach(() => jest.restoreAllMocks());

  it('lists the emails sent, page by page', async () => {
    serve({
      '': {
        items: [delivery('d-2', 'CME deadline in 30 days', '2026-11-30T15:00:00.000Z')],
        nextCursor: 'c-1',
      },
      'c-1': { items: [delivery('d-1', 'CME deadline in 90 days', null)], nextCursor: null },
    });
    renderPage();
    const table = await screen.findByTestId('deliveries');
    expect(within(table).getByRole('row', { name: /CME deadline in 30 days/ }).textContent).toContain('Sent');
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    const older = await within(table).findByRole('row', { name: /CME deadline in 90 days/ });
    expect(older.textContent).toContain('Not yet');
    expect(older.textContent).toContain('Waiting to be sent');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(
      (screen.getByLabelText('Email me when a new course would close one of my gaps') as HTMLInputElement)
        .checked,
    ).toBe(false);
  });

  it('says when no email has been sent yet', async () => {
    serve({ '': { items: [], nextCursor: null } });
    renderPage();
    expect(await screen.findByText('No emails have been sent to you yet.')).toBeTruthy();
  });
});
