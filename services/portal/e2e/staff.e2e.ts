import { expect, type Page, test } from '@playwright/test';

import { expectNoSeriousAxeViolations, horizontalOverflow, portalUrl, signIn, tabTo } from './portal-session';

/** Titles no other test file uses: the e2e files share one system. */
const unique = (title: string) => `${title} ${Date.now().toString(36)}`;

// Each test signs in (the first one twice) and scans several pages, on a machine shared with other test runs.
test.describe.configure({ timeout: 180_000 });

async function signInAsStaff(page: Page, path: string): Promise<void> {
  await page.goto(`${portalUrl}${path}`);
  await signIn(page, 'staff', 'staff');
}

test('staff create a course (a field error first), publish it, and a practitioner finds it in their search', async ({
  page,
}) => {
  const title = unique('Opioid tapering in practice');
  await signInAsStaff(page, '/staff/courses');
  await expect(page.getByRole('heading', { level: 1, name: 'Courses' })).toBeVisible();
  await expect(page.getByTestId('course-list')).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  await page.getByRole('link', { name: 'New course' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New course' })).toBeVisible();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Provider name').fill('E2E Learning Collaborative');
  await page.getByLabel('Format').selectOption('internet-enduring');
  await page.getByLabel('Available until').fill('2029-12-31');
  const amount = page.getByLabel('Credit 1 amount');
  await amount.fill('250');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(amount).toHaveAccessibleDescription(/at most 100 AMA_PRA_1 per course/);
  await expect(page.getByTestId('course-failure')).toContainText('Correct the fields marked below');
  await expectNoSeriousAxeViolations(page);

  await amount.fill('8');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/\/staff\/courses\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId('course-status')).toHaveText('Draft');
  await expect(page.getByTestId('course-version')).toContainText('Version 1');
  await expect(page.getByRole('button', { name: 'Retire' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('course-status')).toHaveText('Published');
  await expect(page.getByTestId('course-version')).toContainText('Version 2');
  await expect(page.getByTestId('course-version')).toContainText('published');
  await expect(page.getByRole('button', { name: 'Publish' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Retire' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  await page.goto(`${portalUrl}/staff/courses?status=published&q=${encodeURIComponent(title)}`);
  await expect(page.getByTestId('course-list').getByRole('link', { name: title })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'practitioner', 'practitioner');
  await expect(page.getByRole('heading', { name: 'My requirements' })).toBeVisible();
  // The practitioner's own search, on the page where credits are recorded.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Record a credit' }).click();
  await page.getByLabel('Search the catalog').fill(title);
  const result = page.getByTestId('course-result').filter({ hasText: title });
  // The catalog's search index follows its events: a moment may pass before a published course is found.
  await expect(async () => {
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(result).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(result.getByRole('button', { name: `Claim ${title}` })).toBeVisible();
});

test('the course form can be filled in and sent with the keyboard alone', async ({ page }) => {
  const title = unique('Journal review of pain guidelines');
  await signInAsStaff(page, '/staff/courses/new');
  const titleInput = page.getByLabel('Title');
  await expect(titleInput).toBeVisible();

  await tabTo(page, titleInput);
  await page.keyboard.type(title);
  await tabTo(page, page.getByLabel('Format'));
  await page.keyboard.press('J'); // "Journal-based": a format without dates
  await expect(page.getByLabel('Format')).toHaveValue('journal');
  await tabTo(page, page.getByLabel('Provider name'));
  await page.keyboard.type('E2E Journal Club');
  await tabTo(page, page.getByLabel('Credit 1 amount'));
  await page.keyboard.type('1');
  await tabTo(page, page.getByRole('button', { name: 'Create draft' }));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId('course-status')).toHaveText('Draft');
});

test('staff import courses from a CSV file and read the row report', async ({ page }) => {
  await signInAsStaff(page, '/staff/courses/import');
  await expect(page.getByRole('heading', { level: 1, name: 'Import courses' })).toBeVisible();
  await expect(page.getByTestId('csv-header')).toHaveText(
    'externalId,title,summary,providerName,accreditor,accreditationId,format,topics,credits,professions,' +
      'approvals,startsOn,endsOn,availableUntil,url,location',
  );
  const example = page.getByRole('link', { name: 'Download an example CSV file' });
  await expect(example).toHaveAttribute('download', 'course-import-example.csv');
  await expectNoSeriousAxeViolations(page);

  // The example as downloaded, and one broken row: the example's rows go in, the broken one is reported.
  const href = (await example.getAttribute('href'))!;
  const csv =
    decodeURIComponent(href.slice(href.indexOf(',') + 1)) +
    `${unique('e2e-broken')},A course without credits,,E2E Provider,ACCME,,journal,,,,,,,,,\r\n`;
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: 'courses.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import' }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible();
  await expect(report).toContainText('1 failed');
  await expect(page.getByTestId('failed-rows')).toContainText('credits');
  await expectNoSeriousAxeViolations(page);
});

test("the roster filters by state, opens the demo practitioner's compliance and their reminders", async ({
  page,
}) => {
  await signInAsStaff(page, '/staff/roster');
  await expect(page.getByRole('heading', { level: 1, name: 'Compliance roster' })).toBeVisible();
  await page.getByLabel('Licensed in state').fill('tx');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/state=TX/);
  const practitioner = page.getByTestId('roster').getByRole('link', { name: 'Dr. Alex Rivera' });
  await expect(practitioner).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  const exportLink = page.getByRole('link', { name: 'Export CSV' });
  const exportHref = (await exportLink.getAttribute('href'))!;
  expect(exportHref).toContain('format=csv');
  expect(exportHref).toContain('state=TX');
  const exported = await page.request.get(`${portalUrl}${exportHref}`);
  expect(exported.headers()['content-type']).toContain('text/csv');
  expect(await exported.text()).toContain('Dr. Alex Rivera');

  await practitioner.click();
  await expect(page).toHaveURL(/\/staff\/practitioners\/demo-practitioner$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Dr. Alex Rivera' })).toBeVisible();
  await expect(page.getByTestId('requirement').first()).toBeVisible();
  const reminders = page.getByRole('region', { name: 'Reminders' });
  await expect(reminders.getByTestId('reminders').or(reminders.getByTestId('empty-list'))).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  await page.getByRole('link', { name: /Open on the reminders page/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reminders' })).toBeVisible();
  await expect(page.getByLabel('Practitioner id')).toHaveValue('demo-practitioner');
  await expect(page.getByTestId('reminders').or(page.getByTestId('empty-list'))).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  // The notifications service's queue dashboard, through the portal with the staff session.
  const [dashboard] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByRole('link', { name: 'open the queue dashboard' }).click(),
  ]);
  await expect(dashboard.getByText('reminder-sweep').first()).toBeVisible({ timeout: 30_000 });
  await dashboard.close();
});

test('the queue dashboard is for staff: a practitioner is refused it, and a cross-site call is too', async ({
  page,
}) => {
  await page.goto(`${portalUrl}/admin/queues`);
  await signIn(page, 'practitioner', 'practitioner');
  // Signed in, back at the dashboard's address, which the notifications service refuses to a practitioner.
  await expect(page).toHaveURL(new RegExp(`^${portalUrl}/admin/queues/?$`));
  const refused = await page.request.get(`${portalUrl}/admin/queues/api/queues`);
  expect(refused.status()).toBe(403);
  const crossSite = await page.request.put(`${portalUrl}/admin/queues/api/queues/email/pause`, {
    headers: { origin: 'https://elsewhere.example' },
  });
  expect(crossSite.status()).toBe(403);
  expect(((await crossSite.json()) as { title: string }).title).toBe('Request refused');
});

test('the roster and the course list fit a phone-sized screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signInAsStaff(page, '/staff/roster');
  await expect(page.getByTestId('roster')).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await page.goto(`${portalUrl}/staff/courses`);
  await expect(page.getByTestId('course-list')).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
});
