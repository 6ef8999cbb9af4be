import { parse } from 'csv-parse/sync';

import { type Transcript, transcriptDigest } from './transcript';
import { transcriptCsv } from './transcript-csv';

const transcript = (activity: string, provider: string | null = null): Transcript => ({
  practitioner: { id: 'p-1', name: 'Dana Reyes', npi: null },
  issuedOn: '2026-11-30',
  asOf: '2026-11-30',
  period: { from: null, to: null },
  rulesVersion: 'r1',
  credits: [
    {
      creditId: 'c-1',
      completedOn: '2026-03-14',
      activity,
      provider,
      accreditor: null,
      activityId: null,
      format: null,
      creditType: 'AMA_PRA_1',
      amount: 2,
      topicHours: {},
      certificateSha256: null,
      countsToward: [],
    },
  ],
  requirements: [],
});

const activityCell = (csv: string) => (parse(csv.split('\r\n\r\n')[1]) as string[][])[1][1];

describe('transcript CSV', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+1', "'+1"],
    ['-1+2', "'-1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['Plain title', 'Plain title'],
    ['A title = with an equals sign', 'A title = with an equals sign'],
  ])('writes %j as %j', (activity, cell) => {
    expect(activityCell(transcriptCsv(transcript(activity), 'digest'))).toBe(cell);
  });

  it('leaves numbers as numbers', () => {
    const rows = parse(transcriptCsv(transcript('x'), 'digest').split('\r\n\r\n')[1]) as string[][];
    expect(rows[1][7]).toBe('2');
  });
});

describe('transcript digest', () => {
  it('does not depend on the order of keys, and changes with any value', () => {
    const base = transcript('Opioid tapering');
    const { requirements, credits, practitioner: _, ...rest } = base;
    const reordered = {
      requirements,
      credits,
      practitioner: { npi: null, name: 'Dana Reyes', id: 'p-1' },
      ...rest,
    };
    expect(transcriptDigest(reordered)).toBe(transcriptDigest(base));
    expect(transcriptDigest(transcript('Opioid tapering', 'Someone'))).not.toBe(transcriptDigest(base));
  });
});
