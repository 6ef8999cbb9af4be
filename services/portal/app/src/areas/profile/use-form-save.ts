import { notifications } from '@mantine/notifications';
import { type RefObject, useRef, useState } from 'react';

import { ApiError, type FieldError } from '../../api/api-client';
import { errorsByPath } from './field-errors';

const FIX_FIELDS = 'Some fields need a change: see the messages below them.';

/**
 * A form's save: `saving` while the call runs, then a notification; or the API's messages by field path, with
 * focus on the first field in error (keyboard and screen reader users start there), and why it failed in words.
 */
export function useFormSave(form: RefObject<HTMLFormElement | null>) {
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [failure, setFailure] = useState<string>();
  const latest = useRef(errors);
  latest.current = errors;

  function showErrors(fieldErrors: readonly FieldError[]) {
    setErrors(errorsByPath(fieldErrors));
    setFailure(FIX_FIELDS);
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  /** Forgets the messages of these paths (their fields were edited). */
  function clearErrors(...paths: string[]) {
    if (paths.some((path) => latest.current.has(path))) {
      setErrors((current) => new Map([...current].filter(([path]) => !paths.includes(path))));
    }
  }

  async function save(call: () => Promise<void>, done: { title: string; message: string }) {
    setSaving(true);
    setFailure(undefined);
    try {
      await call();
      setErrors(new Map());
      notifications.show({ color: 'green', ...done });
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(0, 'Saving failed. Try again.');
      if (apiError.fieldErrors.length > 0) showErrors(apiError.fieldErrors);
      else setFailure(apiError.message);
    } finally {
      setSaving(false);
    }
  }

  return { saving, errors, setErrors, clearErrors, failure, showErrors, save };
}
