import { useState } from 'react';

import { type ApiError } from '../../api/api-client';
import { claimBody, type ClaimDraft, type FormErrors, formErrorsOf } from './claim-draft';

/**
 * A claim form's draft and its errors by field: what the browser found on submit, else the API's field errors
 * of the last refused request until the form is edited (they describe what was sent, not what is typed now).
 * `fields` are the props of ClaimFields.
 */
export function useClaimForm(initial: () => ClaimDraft, apiError: ApiError | undefined) {
  const [draft, setDraft] = useState(initial);
  const [found, setFound] = useState<FormErrors>({});
  const [edited, setEdited] = useState(false);
  const body = claimBody(draft);
  const errors = { ...(edited ? {} : formErrorsOf(apiError?.fieldErrors ?? [], body.rowOfClaim)), ...found };
  const onEdit = () => {
    setFound({});
    setEdited(true);
  };
  return {
    draft,
    setDraft,
    body,
    errors,
    onEdit,
    /** Shows the browser's findings; true when there are none and the form may be sent. */
    check(findings: FormErrors): boolean {
      setFound(findings);
      setEdited(false);
      return Object.keys(findings).length === 0;
    },
    fields: {
      draft,
      errors,
      onChange: (next: ClaimDraft) => {
        setDraft(next);
        onEdit();
      },
    },
  };
}
