import { readFileSync } from 'node:fs';

import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

import { SYSTEM_FILE } from './e2e-paths';

/** The portal of the system global-setup.ts started for every test file. */
export const { portalUrl } = JSON.parse(readFileSync(SYSTEM_FILE, 'utf8')) as { portalUrl: string };

/** Signs in on the local OpenID provider's page, where the portal's sign-in redirect leads. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The page's serious and critical axe-core violations, each as `rule: elements` (expected to be none). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const scan = await new AxeBuilder({ page }).analyze();
  return scan.violations
    .filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''))
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

/** Fails the test with the page's serious and critical axe-core violations, if any. */
export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

/** The hours earned on the dashboard, all requirements together. */
export async function earnedHours(page: Page): Promise<number> {
  await expect(page.getByTestId('requirement').first()).toBeVisible();
  const texts = await page
    .getByTestId('requirement')
    .getByText(/ of [\d.]+ hours?$/)
    .allTextContents();
  return texts.reduce((sum, text) => sum + Number(/^([\d.]+)/.exec(text)?.[1] ?? 0), 0);
}

/** Presses Tab until `target` has the focus (keyboard-only walkthroughs); fails if it never gets it. */
export async function tabTo(page: Page, target: Locator, maxPresses = 60): Promise<void> {
  for (let presses = 0; presses < maxPresses; presses += 1) {
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${String(target)} never got the focus in ${maxPresses} presses of Tab`);
}

/** How far the page is wider than the window (0 or less: no horizontal scroll). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}
