import { asPractitioner, asStaff, uniqueSuffix, waitFor, waitForMailTo } from '@cme/testing';
import request from 'supertest';

import { RunningSystem } from './system';

describe('a practitioner claims a published course and is emailed a confirmation (three services as processes)', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await RunningSystem.start();
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('publish a course → claim it → the confirmation email names the course', async () => {
    const run = uniqueSuffix();
    const title = `Opioid tapering in chronic pain ${run}`;
    const staff = asStaff();
    const draft = await request(system.url('catalog'))
      .post('/v1/courses')
      .set(staff)
      .send({
        title,
        provider: { name: 'Pain Medicine Education Collaborative', accreditor: 'ACCME' },
        format: 'internet-enduring',
        topics: ['opioid-prescribing', 'pain-management'],
        credits: [{ type: 'AMA_PRA_1', amount: 3 }],
        professions: ['physician'],
        availableUntil: '2029-12-01',
      })
      .expect(201);
    await request(system.url('catalog')).post(`/v1/courses/${draft.body.id}/publish`).set(staff).expect(200);

    const email = `e2e-${run}@example.org`;
    const practitioner = asPractitioner(`p-e2e-${run}`, email, 'Dr. Okafor');
    // The credits service knows the course once the catalog's event has reached it: until then, 422.
    const recorded = await waitFor(
      async () => {
        const response = await request(system.url('credits'))
          .post('/v1/practitioners/me/credits')
          .set(practitioner)
          .send({
            courseId: draft.body.id,
            completedOn: '2026-11-02',
            claimed: [{ type: 'AMA_PRA_1', amount: 2.5 }],
          });
        if (response.status === 422) return undefined;
        return response;
      },
      { timeoutMs: 30_000, what: 'the credits service to accept the claim' },
    );
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ activity: { courseId: draft.body.id, title } });

    const [mail] = await waitForMailTo(email, 1, 30_000);
    expect(mail.subject).toBe(`Credit recorded: ${title}`);
    expect(mail.text).toContain('Dear Dr. Okafor,');
    expect(mail.text).toContain(title);
    expect(mail.text).toContain('2.5 AMA PRA 1');
    expect(mail.html).toContain(title);
  });
});
