import { UnrecoverableError } from 'bullmq';

import { type Mailer, type OutgoingMail } from './mailer';

/** An SMTP reply in the 5xx range: the server will not take this message, however often it is tried. */
export function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500;
}

/** What a claimed delivery records when its mail is not sent. */
export interface UnsentOutcome {
  /** Final: a 5xx reply, or a transient failure on the job's last attempt. */
  failed(error: string): Promise<void>;
  /** Nothing was accepted: hand the claim back (`sending → queued`) for the job's retry. */
  release(): Promise<void>;
}

/**
 * Sends the mail of a delivery already claimed (`sending`) and resolves with the server's message id. On a
 * failure it records the outcome, then throws: an UnrecoverableError when final (BullMQ does not retry it),
 * the error itself when the job should come back.
 */
export async function sendClaimed(
  mailer: Mailer,
  mail: OutgoingMail,
  lastAttempt: boolean,
  unsent: UnsentOutcome,
): Promise<string> {
  try {
    return await mailer.send(mail);
  } catch (error) {
    const message = (error as Error).message;
    if (!isPermanent(error) && !lastAttempt) {
      await unsent.release();
      throw error;
    }
    await unsent.failed(message);
    throw new UnrecoverableError(message);
  }
}
