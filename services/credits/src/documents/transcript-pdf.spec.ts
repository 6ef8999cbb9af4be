import { type Transcript, transcriptDigest } from './transcript';
import { transcriptPdf } from './transcript-pdf';

const transcript = (credits: number): Transcript => ({
  practitioner: { id: 'p-1', name: 'Dana Reyes', npi: '1234567893' },
  issuedOn: '2026-11-30',
  asOf: '2026-11-30',
  period: { from: null, to: null },
  rulesVersion: 'r1',
  credits: Array.from({ length: credits }, (_, index) => ({
    creditId: `c-${index}`,
    completedOn: '2026-03-14',
    activity: `Opioid tapering in practice, part ${index}`,
    provider: 'State Pain Society',
    accreditor: 'ACCME',
    activityId: null,
    format: 'live',
    creditType: 'AMA_PRA_1',
    amount: 2,
    topicHours: { 'opioid-prescribing': 1 },
    certificateSha256: 'a'.repeat(64),
    countsToward: ['tx-physician-cme'],
  })),
  requirements: [],
});

describe('transcript PDF', () => {
  it('lays out long transcripts over several pages, in batches, into one complete file', async () => {
    const long = transcript(120);
    const pdf = (await transcriptPdf(long, transcriptDigest(long))).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    const pages = Number(/\/Type \/Pages\n\/Count (\d+)/.exec(pdf)?.[1]);
    expect(pages).toBeGreaterThan(3);
  });
});
