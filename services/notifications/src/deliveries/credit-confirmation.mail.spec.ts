import { creditConfirmationMail } from './credit-confirmation.mail';
import { type DeliveryDocument } from './delivery.schema';

const delivery: DeliveryDocument & { to: string } = {
  _id: 'credit-confirmation-c-1',
  kind: 'credit-confirmation',
  practitionerId: 'p-1',
  to: 'rivera@example.org',
  recipientName: 'Dr. Rivera',
  status: 'queued',
  subject: 'Credit recorded: Pain <b>management</b>',
  content: {
    courseTitle: 'Pain <b>management</b>',
    completedOn: '2026-10-15',
    claimed: [
      { type: 'AMA_PRA_1', amount: 6.5 },
      { type: 'ANCC_CH', amount: 6.5 },
    ],
  },
  causedBy: 'e-1',
  createdAt: new Date('2026-10-15T12:00:00Z'),
};

describe('credit confirmation email', () => {
  it('has a plain-text and an HTML part naming the course and each credit', () => {
    const mail = creditConfirmationMail(delivery);
    expect(mail.to).toBe('rivera@example.org');
    expect(mail.text).toContain(
      'Your credit for "Pain <b>management</b>", completed on 2026-10-15, is recorded:',
    );
    expect(mail.text).toContain('  - 6.5 AMA PRA 1\n  - 6.5 ANCC CH');
    expect(mail.html).toContain('<strong>Pain &#60;b&#62;management&#60;/b&#62;</strong>');
    expect(mail.html).not.toContain('<b>');
  });

  it('greets without a name when none is known', () => {
    expect(creditConfirmationMail({ ...delivery, recipientName: undefined }).text).toMatch(/^Hello,/);
  });
});
