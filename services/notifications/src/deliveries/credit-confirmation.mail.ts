import { type OutgoingMail } from '../mail/mailer';
import { type DeliveryDocument } from './delivery.schema';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The confirmation a practitioner receives when a credit is recorded. */
export function creditConfirmationMail(delivery: DeliveryDocument & { to: string }): OutgoingMail {
  const { courseTitle, completedOn, claimed } = delivery.content;
  const greeting = delivery.recipientName ? `Dear ${delivery.recipientName},` : 'Hello,';
  const lines = claimed.map(({ type, amount }) => `${amount} ${type.replaceAll('_', ' ')}`);
  return {
    to: delivery.to,
    subject: delivery.subject,
    text: [
      greeting,
      '',
      `Your credit for "${courseTitle}", completed on ${completedOn}, is recorded:`,
      ...lines.map((line) => `  - ${line}`),
      '',
      'It now counts toward every requirement it qualifies for.',
    ].join('\n'),
    html: [
      `<p>${escapeHtml(greeting)}</p>`,
      `<p>Your credit for <strong>${escapeHtml(courseTitle)}</strong>, completed on ${completedOn}, is recorded:</p>`,
      `<ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`,
      '<p>It now counts toward every requirement it qualifies for.</p>',
    ].join('\n'),
  };
}
