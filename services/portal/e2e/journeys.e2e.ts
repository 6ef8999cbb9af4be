import { readFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { earnedHours, expectNoSeriousAxeViolations, portalUrl, signIn } from './portal-session';

// The whole first visit of a practitioner who has just joined (the `newcomer` account has no profile), through
// the pages a person would use, in the order they would use them.

/** A demo catalog course (libs/local-runtime demo data) that counts toward a Texas license. */
const CATALOG_COURSE = 'Safe opioid prescribing for chronic pain';
const COMPLETED_ON = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
const run = Date.now().toString(36);
const PDF = Buffer.from(
  `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
    `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n% journey ${run}\n` +
    `trailer<</Root 1 0 R>>\n%%EOF\n`,
);

// No retry: the account's first visit happens once (a second try would find the profile the first one saved).
test.describe.configure({ timeout: 180_000, retries: 0 });

test('a new practitioner adds a profile, records a catalog and an outside credit, and downloads the transcript', async ({
  page,
}) => {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await page.goto(`${portalUrl}/`);
  await signIn(page, 'newcomer', 'newcomer');
  await expect(page.getByTestId('empty-requirements')).toBeVisible();

  // Profile: a Texas license and an ABA board certification.
  await nav.getByRole('link', { name: 'Profile', exact: true }).click();
  await expect(page.getByText('You have no profile yet')).toBeVisible();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Dr. Jordan Lee');
  await page.getByLabel('Profession').selectOption('physician');
  await page.getByRole('textbox', { name: 'Specialty', exact: true }).fill('pain-medicine');
  await page.getByRole('button', { name: 'Add a license' }).click();
  const license = page.getByRole('group', { name: 'License 1' });
  await license.getByRole('textbox', { name: 'State', exact: true }).fill('TX');
  await license.getByLabel('License number').fill('TX-J-1001');
  await license.getByLabel('Expires on').fill('2028-04-30');
  await page.getByRole('button', { name: 'Add a board certification' }).click();
  const board = page.getByRole('group', { name: 'Board certification 1' });
  await board.getByRole('textbox', { name: 'Board', exact: true }).fill('ABA');
  await board.getByRole('textbox', { name: 'Specialty', exact: true }).fill('pain-medicine');
  await board.getByLabel('Cycle starts on').fill('2026-01-01');
  await board.getByLabel('Cycle ends on').fill('2035-12-31');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Profile saved')).toBeVisible();

  await nav.getByRole('link', { name: 'My requirements', exact: true }).click();
  await expect(page.getByTestId('requirement').first()).toBeVisible();
  await expect(page.getByTestId('requirement').filter({ hasText: 'Texas' }).first()).toBeVisible();
  const start = await earnedHours(page);

  // A catalog course, claimed at its designated amounts.
  await nav.getByRole('link', { name: 'Record a credit', exact: true }).click();
  await page.getByLabel('Search the catalog').fill(CATALOG_COURSE);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page
    .getByRole('button', { name: `Claim ${CATALOG_COURSE}` })
    .first()
    .click();
  await page.getByLabel('Completed on').fill(COMPLETED_ON);
  await page.getByRole('button', { name: 'Record this credit' }).click();
  await expect(page.getByRole('heading', { name: 'My requirements' })).toBeVisible();
  await expect.poll(() => earnedHours(page)).toBeGreaterThan(start);
  const afterCatalog = await earnedHours(page);

  // An outside activity with its certificate.
  await nav.getByRole('link', { name: 'Record a credit', exact: true }).click();
  await page.getByText('An outside activity').click();
  await page.getByLabel('Title').fill(`Regional pain symposium ${run}`);
  await page.getByLabel('Provider').fill('Texas Pain Society');
  await page.getByLabel('Completed on').fill(COMPLETED_ON);
  await page.getByLabel('Amount 1').fill('2');
  await page
    .getByTestId('certificate-dropzone')
    .locator('input[type=file]')
    .setInputFiles({ name: 'symposium.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByTestId('certificate-on-file')).toContainText('symposium.pdf');
  await page.getByRole('button', { name: 'Record this credit' }).click();
  await expect(page.getByRole('heading', { name: 'My requirements' })).toBeVisible();
  await expect.poll(() => earnedHours(page)).toBeGreaterThan(afterCatalog);
  await expectNoSeriousAxeViolations(page);

  // The transcript, as a reviewer would receive it.
  await nav.getByRole('link', { name: 'My credits', exact: true }).click();
  await expect(page.getByTestId('credit-entry')).toHaveCount(2);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'download the transcript (PDF)' }).click(),
  ]);
  const pdf = readFileSync(await download.path());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(1000);
});
