/** A valid live course, as staff would send it to `POST /v1/courses`. */
export const sampleCourse = {
  title: 'Safe opioid prescribing for chronic pain',
  provider: { name: 'Pain Society', accreditor: 'ACCME' },
  format: 'live',
  topics: ['opioid-prescribing', 'pain-management'],
  credits: [{ type: 'AMA_PRA_1', amount: 8 }],
  professions: ['physician'],
  startsOn: '2026-12-01',
  endsOn: '2026-12-01',
};
