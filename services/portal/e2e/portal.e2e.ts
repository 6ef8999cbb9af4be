import { readFileSync } from 'node:fs';

import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

import { SYSTEM_FILE } from './e2e-paths';

const { portalUrl } = JSON.parse(readFileSync(SYSTEM_FILE, 'utf8')) as { portalUrl: string };

/** Signs in on the local OpenID provider's page, where the portal's sign-in redirect leads. */
async function signIn(page: Page, login: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

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

  const scan = await new AxeBuilder({ page }).analyze();
  const serious = scan.violations.filter((violation) =>
    ['serious', 'critical'].includes(violation.impact ?? ''),
  );
  expect(
    serious.map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);

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
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
});
