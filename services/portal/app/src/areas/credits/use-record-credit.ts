import { notifications } from '@mantine/notifications';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';

import { ApiError } from '../../api/api-client';
import { type CreditEntry, type NewCredit, recordCredit } from './credits-api';

export interface Submission {
  submitting: boolean;
  error?: ApiError;
}

/**
 * Records a credit once however often it is sent: a submission keeps its Idempotency-Key while its body stays
 * the same (a retry after a lost answer records nothing new), and a changed body gets a new key (the service
 * refuses a key reused for another body). After a save: a notification, and the dashboard, which loads afresh.
 */
export function useRecordCredit(send: typeof recordCredit = recordCredit) {
  const navigate = useNavigate();
  const attempt = useRef<{ key: string; body: string } | undefined>(undefined);
  const [submission, setSubmission] = useState<Submission>({ submitting: false });

  async function submit(credit: NewCredit): Promise<void> {
    const body = JSON.stringify(credit);
    if (attempt.current?.body !== body) attempt.current = { key: crypto.randomUUID(), body };
    setSubmission({ submitting: true });
    let entry: CreditEntry;
    try {
      entry = await send(credit, attempt.current.key);
    } catch (error) {
      setSubmission({
        submitting: false,
        error: error instanceof ApiError ? error : new ApiError(0, 'The credit could not be recorded.'),
      });
      return;
    }
    attempt.current = undefined;
    setSubmission({ submitting: false });
    notifications.show(
      entry.possibleDuplicateOf
        ? {
            color: 'yellow',
            autoClose: false,
            title: 'Credit recorded: possibly a duplicate',
            message: `${entry.activity.title} looks like a credit you recorded before, so it counts once until you resolve it in My credits.`,
          }
        : {
            color: 'green',
            title: 'Credit recorded',
            message: `${entry.activity.title} now counts toward your requirements.`,
          },
    );
    navigate('/');
  }

  /** Forgets a refused submission (another course was picked). */
  const reset = () => {
    attempt.current = undefined;
    setSubmission({ submitting: false });
  };

  return { submission, submit, reset };
}
