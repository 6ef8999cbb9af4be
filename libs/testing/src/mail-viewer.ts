import { waitFor } from '@cme/local-runtime';

/** A message as the local mail viewer (maildev) reports it. */
export interface ViewedMail {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: { address: string; name: string }[];
  headers: Record<string, string>;
}

const MAIL_VIEWER_URL = process.env.MAIL_VIEWER_URL ?? 'http://127.0.0.1:1080';

export async function listMail(): Promise<ViewedMail[]> {
  const response = await fetch(`${MAIL_VIEWER_URL}/email`);
  if (!response.ok) throw new Error(`mail viewer answered ${response.status}`);
  const mails = (await response.json()) as (Omit<ViewedMail, 'to'> & { to?: ViewedMail['to'] })[];
  // A message without a To header (Bcc only, or a raw SMTP test that sent no headers) has no `to` at all.
  return mails.map((mail) => ({ ...mail, to: mail.to ?? [] }));
}

export function mailTo(address: string, mails: ViewedMail[]): ViewedMail[] {
  return mails.filter((mail) => mail.to.some((to) => to.address === address));
}

/** Waits until `count` messages addressed to `address` have arrived, and returns them. */
export function waitForMailTo(address: string, count = 1, timeoutMs = 20_000): Promise<ViewedMail[]> {
  return waitFor(
    async () => {
      const mails = mailTo(address, await listMail());
      return mails.length >= count ? mails : undefined;
    },
    { timeoutMs, what: `${count} email(s) to ${address}` },
  );
}
