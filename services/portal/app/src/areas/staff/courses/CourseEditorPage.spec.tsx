/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';

import { EditCoursePage, NewCoursePage } from './CourseEditorPage';
import { testCourse } from './test-course';

const VOCABULARIES: Record<string, unknown> = {
  '/api/catalog/v1/topics': [{ code: 'opioid-prescribing', label: 'Opioid prescribing' }],
  '/api/catalog/v1/credit-types': [
    { code: 'AMA_PRA_1', label: 'AMA PRA Category 1', step: 0.25, designatable: true, maxPerCourse: 100 },
    { code: 'AMA_PRA_2', label: 'AMA PRA Category 2', step: 0.25, designatable: false },
    { code: 'ANCC_CH', label: 'ANCC contact hours', step: 0.01, designatable: true, maxPerCourse: 100 },
  ],
  '/api/catalog/v1/approvals': [],
};

const retired = testCourse({ id: 'c-9', status: 'retired', title: 'An old course' });

/** Answers the vocabularies and `answers['METHOD path']` (jsdom has no fetch); records what was sent. */
function serve(answers: Record<string, { status: number; body: unknown }>) {
  const fetch = jest.fn(async (path: string, init?: RequestInit) => {
    const answer = answers[`${init?.method ?? 'GET'} ${path}`] ?? { status: 200, body: VOCABULARIES[path] };
    return { ok: answer.status < 300, status: answer.status, json: async () => answer.body };
  });
  globalThis.fetch = fetch as unknown as typeof globalThis.fetch;
  return fetch;
}

function renderAt(path: string) {
  render(
    <MantineProvider>
      <ModalsProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="/staff/courses/new" element={<NewCoursePage />} />
            <Route path="/staff/courses/:id" element={<EditCoursePage />} />
          </Routes>
        </MemoryRouter>
      </ModalsProvider>
    </MantineProvider>,
  );
}

const describedBy = (input: HTMLElement) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

// The whole form (every Mantine input) renders in jsdom: seconds on a busy machine.
jest.setTimeout(30_000);

describe('the course editor', () => {
  it('edits credit rows: only designatable types are offered, rows are added and removed', async () => {
    serve({});
    renderAt('/staff/courses/new');
    const type = await screen.findByLabelText('Credit 1 type');
    expect(
      within(type)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['AMA PRA Category 1', 'ANCC contact hours']);
    expect(describedBy(screen.getByLabelText('Credit 1 amount'))).toContain('in steps of 0.25, at most 100');

    fireEvent.click(screen.getByRole('button', { name: 'Add a credit type' }));
    expect((screen.getByLabelText('Credit 2 type') as HTMLSelectElement).value).toBe('ANCC_CH');
    // Every designatable type is used: nothing more to add.
    expect(screen.queryByRole('button', { name: 'Add a credit type' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Remove credit 1' }));
    expect(screen.getAllByTestId('credit-row')).toHaveLength(1);
    expect((screen.getByLabelText('Credit 1 type') as HTMLSelectElement).value).toBe('ANCC_CH');
  });

  it("shows each of a 400's field errors next to its field, and the others above the form", async () => {
    const fetch = serve({
      'POST /api/catalog/v1/courses': {
        status: 400,
        body: {
          title: 'Bad Request',
          errors: [
            { path: 'credits[0].amount', message: 'at most 100 AMA_PRA_1 per course' },
            { path: 'format', message: 'Invalid option' },
            { path: 'credits[0]', message: 'unknown field(s): hours' },
            { path: 'colour', message: 'unknown field' },
          ],
        },
      },
    });
    renderAt('/staff/courses/new');
    fireEvent.change(await screen.findByLabelText(/^Title/), { target: { value: 'Opioids 101' } });
    fireEvent.change(screen.getByLabelText('Credit 1 amount'), { target: { value: '250' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create draft' }));

    const amount = screen.getByLabelText('Credit 1 amount');
    expect(await screen.findByText('at most 100 AMA_PRA_1 per course')).toBeTruthy();
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(amount)).toContain('at most 100 AMA_PRA_1 per course');
    expect(describedBy(screen.getByLabelText(/^Format/))).toContain('Invalid option');
    expect(screen.getByText('unknown field(s): hours')).toBeTruthy();
    expect(within(screen.getByTestId('course-failure')).getByText('colour: unknown field')).toBeTruthy();

    const [, init] = fetch.mock.calls.find(([, call]) => call?.method === 'POST')!;
    expect(JSON.parse(String(init!.body))).toMatchObject({
      title: 'Opioids 101',
      credits: [{ type: 'AMA_PRA_1', amount: 250 }],
    });
  });

  it('shows a retired course read-only, with no action', async () => {
    serve({ 'GET /api/catalog/v1/courses/c-9': { status: 200, body: retired } });
    renderAt('/staff/courses/c-9');
    expect(await screen.findByRole('heading', { level: 1, name: 'An old course' })).toBeTruthy();
    expect((screen.getByLabelText(/^Title/) as HTMLInputElement).closest('fieldset')!.disabled).toBe(true);
    expect(screen.queryByRole('button', { name: /Save|Publish|Retire/ })).toBeNull();
  });
});
