import path from 'node:path';

import { expect, type Page, test } from '@playwright/test';

import { portalUrl, signIn } from './portal-session';

const SCREENSHOTS_DIR = path.resolve(__dirname, '../docs/screenshots');

async function signInAs(page: Page, login: string): Promise<void> {
  await page.goto(`${portalUrl}/`);
  await signIn(page, login, login);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Opens `pathname`, waits until its data has loaded (no spinner, no request in flight) and saves the page. */
async function capture(page: Page, pathname: string, name: string): Promise<void> {
  await page.goto(`${portalUrl}${pathname}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('status')).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

test('practitioner pages', async ({ page }) => {
  await signInAs(page, 'practitioner');
  await capture(page, '/', 'dashboard');
  // The requirement most in need of attention: the detail has something to explain.
  const compliance = (await (
    await page.request.get(`${portalUrl}/api/credits/v1/practitioners/me/compliance`)
  ).json()) as { requirements: { id: string; remaining: number }[] };
  const [requirement] = [...compliance.requirements].sort((a, b) => b.remaining - a.remaining);
  await capture(page, `/requirements/${encodeURIComponent(requirement.id)}`, 'requirement-detail');
});

test('staff pages', async ({ page }) => {
  await signInAs(page, 'staff');
  const courses = (await (await page.request.get(`${portalUrl}/api/catalog/v1/courses?limit=1`)).json()) as {
    items: { id: string }[];
  };
  await capture(page, `/staff/courses/${encodeURIComponent(courses.items[0].id)}`, 'course-editor');
});
