import { expect, test } from '@playwright/test';

import { expectNoSeriousAxeViolations, horizontalOverflow, portalUrl, signIn } from './portal-session';

test('the demo practitioner signs in, sees their requirements, is refused a staff page and signs out', async ({
  page,
}) => {
  await page.goto(`${portalUrl}/`);
  await signIn(page, 'practitioner', 'practitioner');

  await expect(page.getByRole('heading', { name: 'My requirements' })).toBeVisible();
  const requirements = page.getByTestId('requirement');
  await expect(requirements.first()).toBeVisible();
  expect(await requirements.count()).toBeGreaterThan(1);
  await expect(page.getByText('Dr. Alex Rivera')).toBeVisible();
  // Nearest deadline first.
  const deadlines = (await requirements.getByText(/^Deadline /).allTextContents()).map((text) =>
    Date.parse(text.replace(/^Deadline (.*) ·.*$/, '$1')),
  );
  expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));

  // A figure, not an assertion: from navigation start to the requirements on screen (signed in already).
  await page.reload();
  await requirements.first().waitFor();
  const shownMs = await page.evaluate<number>('performance.now()');
  // eslint-disable-next-line no-console -- the figure is for the reader of the test output
  console.log(`dashboard: requirements shown ${Math.round(shownMs)} ms after navigation start`);

  await expectNoSeriousAxeViolations(page);

  await page.goto(`${portalUrl}/staff/courses`);
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  // Both sessions ended: back at the portal, the provider asks for a password again.
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(await page.context().cookies(portalUrl)).not.toContainEqual(
    expect.objectContaining({ name: 'portal-session' }),
  );
});

test('the dashboard fits a phone-sized screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`${portalUrl}/`);
  await signIn(page, 'practitioner', 'practitioner');
  await expect(page.getByTestId('requirement').first()).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
});
