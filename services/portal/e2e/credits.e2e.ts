import { readFileSync } from 'node:fs';

import { type Browser, expect, type Page, test } from '@playwright/test';

import { earnedHours, expectNoSeriousAxeViolations, portalUrl, signIn } from './portal-session';

// Other files' tests record credits in the same system: everything here is found by names of this run.
const run = Date.now().toString(36);
const COURSE_TITLE = `Credits e2e course ${run}`;
const OUTSIDE_TITLE = `Credits e2e outside activity ${run}`;
const IMPORTED_TITLE = `Credits e2e imported activity ${run}`;
/** A few days back: "today" is the practitioner's, in their time zone. */
const COMPLETED_ON = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
const [year, month, day] = COMPLETED_ON.split('-');
/** A small, real PDF, unique to this run (the ledger flags the same certificate file twice as a duplicate). */
const PDF = Buffer.from(
  `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
    `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n% run ${run}\n` +
    `trailer<</Root 1 0 R>>\n%%EOF\n`,
);

// Serial: the later tests read what the first records. Longer than the default: each signs in, the first twice.
test.describe.configure({ mode: 'serial', timeout: 150_000 });

/** Staff publish a course of this run's own, so that claiming it changes the demo practitioner's hours. */
async function publishCourse(browser: Browser): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${portalUrl}/`);
  await signIn(page, 'staff', 'staff');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  const { csrfToken } = (await (await context.request.get(`${portalUrl}/auth/session`)).json()) as {
    csrfToken: string;
  };
  const headers = { 'x-csrf-token': csrfToken };
  const created = await context.request.post(`${portalUrl}/api/catalog/v1/courses`, {
    headers,
    data: {
      title: COURSE_TITLE,
      provider: { name: 'Credits e2e provider', accreditor: 'ACCME' },
      format: 'internet-enduring',
      topics: ['pain-management'],
      credits: [{ type: 'AMA_PRA_1', amount: 3 }],
      professions: ['physician'],
      availableUntil: '2030-12-31',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const published = await context.request.post(`${portalUrl}/api/catalog/v1/courses/${id}/publish`, {
    headers,
  });
  expect(published.status(), await published.text()).toBe(200);
  await expect
    .poll(async () => {
      const search = await context.request.get(
        `${portalUrl}/api/catalog/v1/courses?q=${encodeURIComponent(COURSE_TITLE)}`,
      );
      return ((await search.json()) as { items: { id: string }[] }).items.some((course) => course.id === id);
    })
    .toBe(true);
  await context.close();
}

/** Sends the record form; the credits service learns of a new course from the catalog's event, so a claim
 * sent before it has may be refused as not in the catalog: sent again until the dashboard shows. */
async function submitUntilRecorded(page: Page): Promise<void> {
  const submit = page.getByRole('button', { name: 'Record this credit' });
  await expect(async () => {
    if (await submit.isVisible()) await submit.click();
    await expect(page.getByRole('heading', { name: 'My requirements' })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
}

test('the demo practitioner records a catalog credit and an outside one with a certificate', async ({
  page,
  browser,
}) => {
  await publishCourse(browser);
  await page.goto(`${portalUrl}/`);
  await signIn(page, 'practitioner', 'practitioner');
  const before = await earnedHours(page);

  await page.getByRole('link', { name: 'Record a credit' }).click();
  await expect(page.getByRole('heading', { name: 'Record a credit', level: 1 })).toBeVisible();
  await expect(page.getByTestId('course-result').first()).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.getByLabel('Search the catalog').fill(COURSE_TITLE);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('button', { name: `Claim ${COURSE_TITLE}` }).click();
  await expect(page.getByRole('heading', { name: `Claim: ${COURSE_TITLE}` })).toBeVisible();
  // The designated amount to start with; more than it is refused next to the field.
  const amount = page.getByLabel(/AMA PRA Category 1.*\(up to 3\)/);
  await expect(amount).toHaveValue('3');
  await amount.fill('4');
  await page.getByLabel('Completed on').fill(COMPLETED_ON);
  await page.getByRole('button', { name: 'Record this credit' }).click();
  await expect(page.getByText('At most 3 can be claimed for this course.')).toBeVisible();
  await amount.fill('3');
  await expectNoSeriousAxeViolations(page);
  await submitUntilRecorded(page);
  await expect(page.getByText('Credit recorded', { exact: true })).toBeVisible();
  await expect.poll(() => earnedHours(page)).toBeGreaterThan(before);
  const afterCatalog = await earnedHours(page);

  await page.getByRole('link', { name: 'Record a credit' }).click();
  await page.getByText('An outside activity').click();
  await page.getByLabel('Title').fill(OUTSIDE_TITLE);
  await page.getByLabel('Provider').fill('Credits e2e society');
  await page.getByLabel('Completed on').fill(COMPLETED_ON);
  await page.getByLabel('Amount 1').fill('1.5');
  const fileInput = page.getByTestId('certificate-dropzone').locator('input[type=file]');
  await fileInput.setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('not a pdf'),
  });
  await expect(page.getByText('notes.txt is not a PDF, PNG or JPEG file.')).toBeVisible();
  await fileInput.setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByTestId('certificate-on-file')).toContainText('certificate.pdf');
  await expect(page.getByText('notes.txt is not a PDF, PNG or JPEG file.')).toBeHidden();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Record this credit' }).click();
  await expect(page.getByRole('heading', { name: 'My requirements' })).toBeVisible();
  await expect.poll(() => earnedHours(page)).toBeGreaterThan(afterCatalog);
});

test('the record form can be filled and sent with the keyboard alone', async ({ page }) => {
  await page.goto(`${portalUrl}/credits/new`);
  await signIn(page, 'practitioner', 'practitioner');
  await expect(page.getByRole('heading', { name: 'Record a credit', level: 1 })).toBeVisible();
  await page.getByLabel('Search the catalog').focus();
  await page.keyboard.type(COURSE_TITLE);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('course-result')).toHaveCount(1);
  const claim = page.getByRole('button', { name: `Claim ${COURSE_TITLE}` });
  // Tab from the search field, past the filters and the Search button, to the course's Claim button.
  for (let presses = 0; presses < 15; presses++) {
    await page.keyboard.press('Tab');
    if (await claim.evaluate((button) => button.ownerDocument.activeElement === button)) break;
  }
  await expect(claim).toBeFocused();
  await page.keyboard.press('Enter');
  // Focus moves to the claim's heading; the date is the next field.
  await expect(page.getByRole('heading', { name: `Claim: ${COURSE_TITLE}` })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Completed on')).toBeFocused();
  await page.keyboard.type(`${month}${day}${year}`);
  await expect(page.getByLabel('Completed on')).toHaveValue(COMPLETED_ON);
  await page.keyboard.press('Enter');
  // The same course twice: recorded, and flagged as a possible duplicate.
  await expect(page.getByRole('heading', { name: 'My requirements' })).toBeVisible();
  await expect(page.getByText('Credit recorded: possibly a duplicate')).toBeVisible();
});

test('the history shows the credits, voids one, downloads the transcript and imports a CSV', async ({
  page,
}) => {
  await page.goto(`${portalUrl}/credits`);
  await signIn(page, 'practitioner', 'practitioner');
  await expect(page.getByRole('heading', { name: 'My credits', level: 1 })).toBeVisible();
  await page.getByLabel('Completed from').fill(COMPLETED_ON);
  await page.getByLabel('Completed to').fill(COMPLETED_ON);
  const entries = page.getByTestId('credit-entry');
  const outside = entries.filter({ hasText: OUTSIDE_TITLE });
  await expect(outside).toBeVisible();
  await expect(outside).toContainText('Outside activity');
  await expect(outside.getByRole('link', { name: 'Certificate' })).toBeVisible();
  const catalog = entries.filter({ hasText: COURSE_TITLE });
  await expect(catalog).toHaveCount(2);
  const duplicate = catalog.filter({ hasText: 'Possible duplicate' });
  await expect(duplicate).toHaveCount(1);
  await expectNoSeriousAxeViolations(page);

  await duplicate.getByRole('button', { name: `Void ${COURSE_TITLE}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Void this credit?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Void the credit' }).click();
  await expect(page.getByText(`${COURSE_TITLE} was voided.`)).toBeVisible();
  await expect(catalog.filter({ hasText: 'Voided' })).toHaveCount(1);
  await expect(catalog.filter({ hasText: 'Possible duplicate' })).toHaveCount(0);

  const pdfLink = page.getByRole('link', { name: 'download the transcript (PDF)' });
  const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
  expect(download.suggestedFilename()).toMatch(/^transcript-.*\.pdf$/);
  const pdf = readFileSync(await download.path());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(1_000);
  const response = await page.request.get(`${portalUrl}${await pdfLink.getAttribute('href')}`);
  expect(response.headers()['content-type']).toBe('application/pdf');

  const csv =
    'title,provider,completedOn,credits\n' +
    `${IMPORTED_TITLE},Credits e2e society,${COMPLETED_ON},AMA_PRA_1:1\n` +
    `${IMPORTED_TITLE} (bad),Credits e2e society,${COMPLETED_ON},AMA_PRA_1:-1\n`;
  await page
    .locator('input[type=file][accept=".csv,text/csv"]')
    .setInputFiles({ name: 'transcript.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('1 credit recorded, 0 possible duplicates, 1 row failed.');
  await expect(report).toContainText('Row 2:');
  await expect(entries.filter({ hasText: IMPORTED_TITLE })).toHaveCount(1);
});

test('the credit pages fit a phone-sized screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`${portalUrl}/credits`);
  await signIn(page, 'practitioner', 'practitioner');
  await expect(page.getByTestId('credit-entry').first()).toBeVisible();
  const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.goto(`${portalUrl}/credits/new`);
  await expect(page.getByTestId('course-result').first()).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.getByText('An outside activity').click();
  await expect(page.getByTestId('certificate-dropzone')).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
});
