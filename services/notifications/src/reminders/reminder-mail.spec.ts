import { reminderMail } from './reminder-mail';
import { requirementStanding } from './testing/requirement-standing';

const content = {
  to: 'rivera@example.org',
  name: 'Dr. <Rivera>',
  requirements: [
    requirementStanding({
      status: 'at-risk',
      components: [{ name: 'Ethics', kind: 'topic', required: 2, remaining: 2 }],
      recommendedCourses: [
        { courseId: 'c-1', title: 'Ethics & <law>', hours: 2, url: 'https://courses.example.org/c-1' },
        { courseId: 'c-2', title: 'Pain management', hours: 10 },
      ],
    }),
  ],
  unsubscribe: {
    url: 'https://notify.example.org/v1/unsubscribe?token=abc',
    mailto: 'mailto:unsubscribe@example.org?subject=unsubscribe',
  },
  courseUrlOf: (id: string) => `https://portal.example.org/courses/${id}`,
};

describe('reminder email', () => {
  it('names the nearest deadline in the subject and each gap, component and course in both parts', () => {
    const mail = reminderMail(content);
    expect(mail.subject).toBe('CME deadline 2027-06-30: 28 hours to go for Texas medical license');
    expect(mail.text).toContain('Dear Dr. <Rivera>,');
    expect(mail.text).toContain('* Texas medical license: due 2027-06-30, 28 hours to go');
    expect(mail.text).toContain('    - Ethics: 2 of 2 hours still needed');
    expect(mail.text).toContain('    - Ethics & <law> (2 hours): https://courses.example.org/c-1');
    expect(mail.text).toContain('    - Pain management (10 hours): https://portal.example.org/courses/c-2');
    expect(mail.html).toContain('Dear Dr. &lt;Rivera&gt;,');
    expect(mail.html).toContain('<a href="https://courses.example.org/c-1">Ethics &amp; &lt;law&gt;</a>');
    expect(mail.html).not.toContain('<law>');
  });

  it('carries one-click unsubscribe headers (RFC 8058)', () => {
    const mail = reminderMail(content);
    expect(mail.headers).toEqual({
      'List-Unsubscribe':
        '<https://notify.example.org/v1/unsubscribe?token=abc>, <mailto:unsubscribe@example.org?subject=unsubscribe>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});
