/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';

import { type Profile } from './profile';
import { ProfileForm } from './ProfilePage';

const profile: Profile = {
  id: 'p-1',
  version: 1,
  updatedAt: '2026-11-30T08:00:00.000Z',
  name: 'Dr. Alex Rivera',
  profession: 'physician',
  specialty: 'pain-medicine',
  timezone: 'America/Chicago',
  licenses: [{ state: 'TX', number: 'TX-Q4821', expiresOn: '2027-04-30', issuedOn: '2014-06-01' }],
  boards: [],
  dea: null,
  flags: { directPatientCare: true, painClinic: false },
};

// jsdom has no Response: what requestJson reads of one.
const problem = (errors: { path: string; message: string }[]) => ({
  ok: false,
  status: 400,
  json: async () => ({ title: 'Bad Request', status: 400, detail: 'The request body is invalid.', errors }),
});

const renderForm = (current: Profile | undefined) =>
  render(
    <MantineProvider>
      <ProfileForm profile={current} />
    </MantineProvider>,
  );

describe('ProfileForm', () => {
  afterEach(() => jest.restoreAllMocks());

  it("shows each of the API's messages next to its field, and the others above the save button", async () => {
    const fetch = jest.fn(async () =>
      problem([
        { path: 'licenses[0].number', message: 'same license as licenses[1]' },
        { path: 'licenses[0].issuedOn', message: 'must be before expiresOn' },
      ]),
    );
    global.fetch = fetch as unknown as typeof global.fetch;
    renderForm(profile);
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));

    const license = screen.getByRole('group', { name: 'License 1' });
    await waitFor(() => expect(within(license).getByText('Same license as licenses[1]')).toBeTruthy());
    expect(within(license).getByLabelText('License number').getAttribute('aria-invalid')).toBe('true');
    const failure = screen.getByTestId('save-failure');
    expect(failure.textContent).toContain('Some fields need a change');
    expect(failure.textContent).toContain('Licenses 1, issuedOn: Must be before expiresOn');
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.method).toBe('PUT');
    expect(JSON.parse(init.body as string)).toMatchObject({
      licenses: [{ issuedOn: '2014-06-01' }],
      dea: null,
    });

    // Editing the field clears its message.
    fireEvent.change(within(license).getByLabelText('License number'), { target: { value: 'TX-Q4822' } });
    expect(within(license).queryByText('Same license as licenses[1]')).toBeNull();
  });

  it('explains a first-time profile and asks for the fields it needs before calling the API', () => {
    const fetch = jest.fn();
    global.fetch = fetch as unknown as typeof global.fetch;
    renderForm(undefined);
    expect(screen.getByText('You have no profile yet')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(screen.getByText('Enter your name.')).toBeTruthy();
    expect(screen.getByText('Choose your profession.')).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });
});
