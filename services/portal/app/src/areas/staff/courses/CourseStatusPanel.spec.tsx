/** @jest-environment jsdom */
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';

import { type CourseStatus } from './course-api';
import { CourseStatusPanel } from './CourseStatusPanel';
import { testCourse } from './test-course';

const course = (status: CourseStatus) =>
  testCourse({ status, publishedAt: status === 'draft' ? undefined : '2026-11-29T09:00:00.000Z' });

function renderPanel(status: CourseStatus, unsavedChanges = false) {
  const onPublish = jest.fn();
  const onRetire = jest.fn();
  render(
    <MantineProvider>
      <ModalsProvider>
        <CourseStatusPanel
          course={course(status)}
          unsavedChanges={unsavedChanges}
          busy={false}
          onPublish={onPublish}
          onRetire={onRetire}
        />
      </ModalsProvider>
    </MantineProvider>,
  );
  return { onPublish, onRetire };
}

const button = (name: string) => screen.queryByRole('button', { name });

describe('CourseStatusPanel', () => {
  it('lets a draft be published, not retired', () => {
    const { onPublish } = renderPanel('draft');
    expect(screen.getByTestId('course-status').textContent).toBe('Draft');
    expect(screen.getByTestId('course-version').textContent).toMatch(/^Version 4 · updated Nov 30, 2026/);
    expect(screen.getByTestId('course-lifecycle').textContent).toBe(
      'Lifecycle: Draft (edit, publish), now → Published (edit (each save a new version), retire) → ' +
        'Retired (read-only)',
    );
    expect(button('Retire')).toBeNull();
    fireEvent.click(button('Publish')!);
    expect(onPublish).toHaveBeenCalledTimes(1);
  });

  it('publishes only saved content', () => {
    renderPanel('draft', true);
    expect((button('Publish') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Save your changes before publishing.')).toBeTruthy();
  });

  it('retires a published course only once the retirement is confirmed', async () => {
    const { onRetire } = renderPanel('published');
    expect(screen.getByTestId('course-version').textContent).toContain('published Nov 29, 2026');
    expect(screen.getByText(/Saving a change makes a new version/)).toBeTruthy();
    expect(button('Publish')).toBeNull();

    fireEvent.click(button('Retire')!);
    fireEvent.click(await screen.findByRole('button', { name: 'Keep it published' }));
    expect(onRetire).not.toHaveBeenCalled();
    await waitFor(() => expect(button('Keep it published')).toBeNull());

    fireEvent.click(button('Retire')!);
    expect(await screen.findByText(/cannot be edited or published again/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retire the course' }));
    expect(onRetire).toHaveBeenCalledTimes(1);
  });

  it('offers nothing for a retired course, and says it is read-only', () => {
    renderPanel('retired');
    expect(screen.getByTestId('course-status').textContent).toBe('Retired');
    expect(button('Publish')).toBeNull();
    expect(button('Retire')).toBeNull();
    expect(screen.getByText(/Out of the catalog and read-only/)).toBeTruthy();
    expect(screen.getByTestId('course-lifecycle').textContent).toContain('Retired (read-only), now');
  });
});
