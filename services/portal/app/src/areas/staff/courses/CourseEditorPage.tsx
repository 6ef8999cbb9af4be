import { Alert, Anchor, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { ApiError, requestJson } from '../../../api/api-client';
import { useResource } from '../../../api/use-resource';
import { ErrorNotice, Loading } from '../../../components/LoadState';
import { describeFieldError, placeFieldErrors } from '../field-errors';
import { notify } from '../notify';
import { type Course, COURSES_API, loadVocabularies, type Vocabularies } from './course-api';
import { contentOf, type CourseDraft, draftOf, fieldPathsOf, NEW_COURSE, patchOf } from './course-draft';
import { CourseForm } from './CourseForm';
import { CourseStatusPanel } from './CourseStatusPanel';
import { LIFECYCLE } from './lifecycle';

/** `/staff/courses/new`: a new draft. */
export function NewCoursePage() {
  return <CourseEditorPage key="new" />;
}

/** `/staff/courses/:id`: one course, its lifecycle and its fields. */
export function EditCoursePage() {
  const { id } = useParams();
  return <CourseEditorPage key={id} id={id} />;
}

async function loadEditor(id: string | undefined): Promise<{ course?: Course; vocabularies: Vocabularies }> {
  const [course, vocabularies] = await Promise.all([
    id === undefined ? undefined : requestJson<Course>(`${COURSES_API}/${encodeURIComponent(id)}`),
    loadVocabularies(),
  ]);
  return { course, vocabularies };
}

function CourseEditorPage({ id }: { id?: string }) {
  const [editor, reload] = useResource(() => loadEditor(id));
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/staff/courses" size="sm">
        ← All courses
      </Anchor>
      {editor.state === 'loading' && (
        <>
          <Title order={1} size="h2">
            {id ? 'Course' : 'New course'}
          </Title>
          <Loading label="Loading the course" />
        </>
      )}
      {editor.state === 'error' && (
        <>
          <Title order={1} size="h2">
            {id ? 'Course' : 'New course'}
          </Title>
          <ErrorNotice message={editor.error.message} onRetry={reload} />
        </>
      )}
      {editor.state === 'ready' && <CourseEditor {...editor.data} />}
    </Stack>
  );
}

function CourseEditor({ course: loaded, vocabularies }: { course?: Course; vocabularies: Vocabularies }) {
  const navigate = useNavigate();
  const [course, setCourse] = useState(loaded);
  const [draft, setDraft] = useState<CourseDraft>(loaded ? draftOf(loaded) : NEW_COURSE);
  const [failure, setFailure] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const saved = course ? draftOf(course) : NEW_COURSE;
  const unsavedChanges = JSON.stringify(saved) !== JSON.stringify(draft);
  const state = course ? LIFECYCLE[course.status] : LIFECYCLE.draft;
  const errors = placeFieldErrors(failure?.fieldErrors ?? [], fieldPathsOf(draft));

  /** Runs one call of the lifecycle; a refusal is shown, its field errors beside their fields. */
  const act = async (call: () => Promise<Course>, done: (course: Course) => void) => {
    setBusy(true);
    setFailure(undefined);
    try {
      done(await call());
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, 'Something went wrong. Try again.'));
    } finally {
      setBusy(false);
    }
  };
  const show = (next: Course, message: string) => {
    setCourse(next);
    setDraft(draftOf(next));
    notify(message);
  };

  const save = () =>
    course
      ? act(
          () => requestJson<Course>(`${COURSES_API}/${course.id}`, { method: 'PATCH', body: patchOf(draft) }),
          (next) => show(next, `Saved: version ${next.version}.`),
        )
      : act(
          () => requestJson<Course>(COURSES_API, { method: 'POST', body: contentOf(draft) }),
          (created) => {
            notify('Draft created.');
            navigate(`/staff/courses/${created.id}`);
          },
        );
  const move = (action: 'publish' | 'retire') =>
    course &&
    act(
      () => requestJson<Course>(`${COURSES_API}/${course.id}/${action}`, { method: 'POST' }),
      (next) => show(next, action === 'publish' ? 'Published.' : 'Retired.'),
    );

  return (
    <>
      <Title order={1} size="h2">
        {course ? course.title : 'New course'}
      </Title>
      {!course && (
        <Text>
          A new course is a draft, seen by staff only, until it is published. The catalog checks every field
          when the draft is created.
        </Text>
      )}
      {course && (
        <CourseStatusPanel
          course={course}
          unsavedChanges={unsavedChanges}
          busy={busy}
          onPublish={() => move('publish')}
          onRetire={() => move('retire')}
        />
      )}
      {failure && (
        <Alert color="red" variant="light" role="alert" title="Not saved" data-testid="course-failure">
          {failure.fieldErrors.length > 0 ? (
            <>
              <Text size="sm">Correct the fields marked below and try again.</Text>
              {errors.unplaced.length > 0 && (
                <List size="sm">
                  {errors.unplaced.map((error, index) => (
                    <List.Item key={index}>{describeFieldError(error)}</List.Item>
                  ))}
                </List>
              )}
            </>
          ) : (
            <Text size="sm">{failure.message}</Text>
          )}
        </Alert>
      )}
      <CourseForm
        draft={draft}
        onChange={setDraft}
        vocabularies={vocabularies}
        errorAt={errors.at}
        readOnly={!state.editable}
        onSubmit={save}
        actions={
          state.editable && (
            <Group gap="sm">
              <Button type="submit" loading={busy} disabled={course !== undefined && !unsavedChanges}>
                {course ? (course.status === 'published' ? 'Save as a new version' : 'Save') : 'Create draft'}
              </Button>
              {course && unsavedChanges && (
                <Button variant="default" onClick={() => setDraft(saved)} disabled={busy}>
                  Discard changes
                </Button>
              )}
            </Group>
          )
        }
      />
    </>
  );
}
