import { stringify } from 'csv-stringify/sync';

import { type Transcript } from './transcript';

const topicHours = (hours: Record<string, number>) =>
  Object.entries(hours)
    .map(([topic, amount]) => `${topic}: ${amount}`)
    .join('; ');

/**
 * The transcript as one CSV file in three blocks a spreadsheet shows as they are (who and when, the credits,
 * the requirements), separated by an empty line. Every text comes from the practitioner or a provider, so a
 * cell that a spreadsheet would take for a formula (= + - @, a tab or a carriage return first) is prefixed
 * with an apostrophe (OWASP's CSV injection advice), as csv-stringify's escape_formulas does.
 */
export function transcriptCsv(transcript: Transcript, digest: string): string {
  const { practitioner, period } = transcript;
  const table = (rows: unknown[][]) =>
    stringify(rows, { escape_formulas: true, record_delimiter: 'windows' });
  const about = table([
    ['Transcript of', practitioner.name],
    ['NPI', practitioner.npi ?? ''],
    ['Issued on', transcript.issuedOn],
    ['Credits completed from', period.from ?? ''],
    ['Credits completed to', period.to ?? ''],
    ['Requirements evaluated as of', transcript.asOf],
    ['Rules version', transcript.rulesVersion],
    ['SHA-256 of the transcript data', digest],
  ]);
  const credits = table([
    [
      'Completed on',
      'Activity',
      'Provider',
      'Accreditor',
      'Activity ID',
      'Format',
      'Credit type',
      'Amount',
      'Topic hours',
      'Certificate SHA-256',
      'Counts toward',
    ],
    ...transcript.credits.map((credit) => [
      credit.completedOn,
      credit.activity,
      credit.provider ?? '',
      credit.accreditor ?? '',
      credit.activityId ?? '',
      credit.format ?? '',
      credit.creditType,
      credit.amount,
      topicHours(credit.topicHours),
      credit.certificateSha256 ?? '',
      credit.countsToward.join('; '),
    ]),
  ]);
  const requirements = table([
    [
      'Requirement',
      'Name',
      'Authority',
      'Cycle start',
      'Cycle end',
      'Deadline',
      'Status',
      'Required',
      'Earned',
      'Remaining',
      'Earned in period',
    ],
    ...transcript.requirements.map((requirement) => [
      requirement.id,
      requirement.name,
      requirement.authority,
      requirement.cycleStart ?? '',
      requirement.cycleEnd,
      requirement.deadline,
      requirement.status,
      requirement.required,
      requirement.earned,
      requirement.remaining,
      requirement.earnedInPeriod,
    ]),
  ]);
  return [about, credits, requirements].join('\r\n');
}
