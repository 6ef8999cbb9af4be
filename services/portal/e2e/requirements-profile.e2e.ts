import { expect, type Page, test } from '@playwright/test';

import { portalUrl, seriousViolations, signIn } from './portal-session';

const TEXAS_CME = 'Texas license CME: 48 hours per 24 months';

async function openSignedIn(page: Page, path: string): Promise<void> {
  await page.goto(`${portalUrl}${path}`);
  await signIn(page, 'practitioner', 'practitioner');
}

test('the demo practitioner opens a requirement from the dashboard and sees its components and credits', async ({
  page,
}) => {
  await openSignedIn(page, '/');
  await page.getByRole('link', { name: TEXAS_CME }).click();

  await expect(page).toHaveURL(`${portalUrl}/requirements/tx-physician-cme`);
  await expect(page.getByRole('heading', { level: 1, name: TEXAS_CME })).toBeVisible();
  const components = page.getByTestId('components');
  await expect(components.getByRole('row', { name: /^Total/ })).toContainText('48 hours');
  await expect(components.getByRole('row', { name: /Ethics or professional responsibility/ })).toBeVisible();
  const allocations = page.getByTestId('allocations');
  await expect(
    allocations.getByRole('row', { name: /Safe opioid prescribing for chronic pain/ }),
  ).toContainText('8 hours');
  await expect(page.getByTestId('progress-summary')).toContainText('earned by today');
  const source = page.getByRole('link', { name: /Texas Medical Board/ });
  await expect(source).toHaveAttribute('target', '_blank');
  await expect(source).toHaveAttribute('rel', /noopener/);
  await expect(page.getByTestId('rule-facts')).toContainText('Rule version: 2026-01');
  expect(await seriousViolations(page)).toEqual([]);

  // A cap is explained in words.
  await page.goto(`${portalUrl}/requirements/aba-moca-cme`);
  await expect(page.getByTestId('components')).toContainText(/At most 60 hours count in the current period/);

  // An unknown requirement says so and leads back.
  await page.goto(`${portalUrl}/requirements/no-such-requirement`);
  await expect(page.getByRole('heading', { name: 'Requirement not found' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'See the requirements that apply to you' }).click();
  await expect(page.getByRole('heading', { name: 'My requirements' })).toBeVisible();
});

test('the requirement detail fits a phone-sized screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await openSignedIn(page, '/requirements/aba-moca-cme');
  await expect(page.getByTestId('components')).toBeVisible();
  await expect(page.getByTestId('allocations')).toBeVisible();
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the practitioner adds a license, is told what is wrong with it, fixes it and sees the dashboard follow', async ({
  page,
}) => {
  await openSignedIn(page, '/');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Profile', exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Dr. Alex Rivera');
  await page.mouse.move(600, 10);
  expect(await seriousViolations(page)).toEqual([]);

  const licenses = page.getByTestId('license-row');
  const before = await licenses.count();
  await page.getByRole('button', { name: 'Add a license' }).click();
  const added = page.getByRole('group', { name: `License ${before + 1}` });
  await added.getByRole('textbox', { name: 'State', exact: true }).fill('ZZ');
  await added.getByLabel('License number').fill('E2E-WA-1');
  await added.getByLabel('Expires on').fill('2028-06-30');
  await page.getByRole('button', { name: 'Save profile' }).click();

  await expect(added.getByText(/Must be a US state/)).toBeVisible();
  await expect(added.getByRole('textbox', { name: 'State', exact: true })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expect(page.getByTestId('save-failure')).toContainText('Some fields need a change');

  // A Washington license: no rule pack covers it, so the dashboard lists it as not evaluated.
  await added.getByRole('textbox', { name: 'State', exact: true }).fill('WA');
  await expect(added.getByText(/Must be a US state/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Profile saved')).toBeVisible();

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'My requirements', exact: true })
    .click();
  await expect(page.getByTestId('not-covered')).toContainText('License WA');

  // Back as it was, for the other tests.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Profile', exact: true })
    .click();
  await page.getByRole('button', { name: `Remove license ${before + 1}` }).click();
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Profile saved').last()).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Dr. Alex Rivera');
  await expect(licenses).toHaveCount(before);
});

test('the profile form is reached and saved with the keyboard alone', async ({ page }) => {
  await openSignedIn(page, '/profile');
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Dr. Alex Rivera');
  let reached = false;
  for (let presses = 0; presses < 120 && !reached; presses += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate<boolean>("document.activeElement?.textContent === 'Save profile'");
  }
  expect(reached).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Profile saved')).toBeVisible();
});

test('the practitioner changes their reminder offsets and sees the emails sent to them', async ({ page }) => {
  await openSignedIn(page, '/');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Reminders', exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reminders' })).toBeVisible();
  const offsets = page.getByTestId('offsets');
  await expect(offsets).toContainText('days before');
  await expect(page.getByTestId('deliveries').or(page.getByTestId('no-deliveries'))).toBeVisible();
  // Not hovering the link just followed: the scan is of the page as it rests.
  await page.mouse.move(600, 10);
  expect(await seriousViolations(page)).toEqual([]);

  const days = page.getByLabel('Days before a deadline');
  await days.fill('400');
  await page.getByRole('button', { name: 'Add reminder' }).click();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByTestId('offsets-error')).toContainText('400 days');

  await page.getByRole('button', { name: 'Remove the reminder 400 days before' }).click();
  await days.fill('14');
  await days.press('Enter');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByText('Preferences saved')).toBeVisible();

  await page.reload();
  await expect(offsets).toContainText('14 days before');
});
