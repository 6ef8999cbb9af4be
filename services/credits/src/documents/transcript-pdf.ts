import PDFDocument from 'pdfkit';

import { canonicalJson, type Transcript, type TranscriptCredit } from './transcript';

/** The name of the canonical JSON attached to the PDF, whose SHA-256 is the digest printed on it. */
export const TRANSCRIPT_ATTACHMENT = 'transcript.json';

const CREDITS_PER_TURN = 50;

const topicHours = (hours: Record<string, number>) =>
  Object.entries(hours)
    .map(([topic, amount]) => `${topic} ${amount} h`)
    .join(', ');

function creditLines(credit: TranscriptCredit): [string, string] {
  const source = [credit.provider, credit.accreditor && `accredited by ${credit.accreditor}`]
    .filter(Boolean)
    .join(', ');
  const details = [
    `${credit.creditType} ${credit.amount}`,
    Object.keys(credit.topicHours).length > 0 && `topics: ${topicHours(credit.topicHours)}`,
    credit.activityId && `activity id ${credit.activityId}`,
    `counts toward: ${credit.countsToward.join(', ') || 'no requirement'}`,
  ].filter(Boolean);
  return [`${credit.completedOn}  ${credit.activity}${source ? ` (${source})` : ''}`, details.join(' · ')];
}

/**
 * The transcript as a PDF (pdfkit: layout, wrapping and page breaks done by the library). The SHA-256 of the
 * transcript's canonical JSON is printed under the practitioner's name, and that JSON is attached to the PDF
 * (transcript.json): a reviewer extracts it, hashes it, and compares.
 */
export async function transcriptPdf(transcript: Transcript, digest: string): Promise<Buffer> {
  const { practitioner, period } = transcript;
  const document = new PDFDocument({
    size: 'LETTER',
    margin: 54,
    // Kept until the end so that every page gets its footer once the page count is known.
    bufferPages: true,
    lang: 'en-US',
    displayTitle: true,
    info: {
      Title: `CME transcript of ${practitioner.name}`,
      Subject: `SHA-256 ${digest}`,
      Creator: 'CME Tracker',
    },
  });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });

  document.file(Buffer.from(canonicalJson(transcript), 'utf8'), {
    name: TRANSCRIPT_ATTACHMENT,
    type: 'application/json',
    description: 'The transcript data; its SHA-256 is the digest printed on the transcript',
  });

  document.font('Helvetica-Bold').fontSize(16).text('Continuing Medical Education Transcript');
  document.moveDown(0.5).font('Helvetica').fontSize(10);
  document.text(`Practitioner: ${practitioner.name}`);
  document.text(`NPI: ${practitioner.npi ?? 'not given'}`);
  document.text(`Date of issue: ${transcript.issuedOn}`);
  document.text(
    `Credits completed: ${period.from ? `from ${period.from}` : 'from the first'} ${
      period.to ? `to ${period.to}` : 'to the latest'
    }`,
  );
  document.text(`Requirements evaluated as of ${transcript.asOf} (rules version ${transcript.rulesVersion})`);
  document.moveDown(0.5).text('SHA-256 of the transcript data:');
  document.font('Courier').fontSize(9).text(digest);

  document.moveDown().font('Helvetica-Bold').fontSize(12).text(`Credits (${transcript.credits.length})`);
  document.moveDown(0.3);
  if (transcript.credits.length === 0)
    document.font('Helvetica').fontSize(10).text('No credit in this period.');
  for (const [index, credit] of transcript.credits.entries()) {
    // Layout is synchronous (about 1.5 ms a credit here): other requests get their turn between batches.
    if (index > 0 && index % CREDITS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const [heading, details] = creditLines(credit);
    document.font('Helvetica').fontSize(10).text(heading);
    document.fontSize(8).fillColor('#444444').text(details, { indent: 12, indentAllLines: true });
    if (credit.certificateSha256) {
      document
        .font('Courier')
        .fontSize(7)
        .text(`certificate SHA-256 ${credit.certificateSha256}`, { indent: 12, indentAllLines: true });
    }
    document.fillColor('black').moveDown(0.3);
  }

  document.moveDown().font('Helvetica-Bold').fontSize(12).text('Requirements');
  document.moveDown(0.3);
  if (transcript.requirements.length === 0) {
    document.font('Helvetica').fontSize(10).text('No requirement applies to this profile.');
  }
  for (const requirement of transcript.requirements) {
    document.font('Helvetica-Bold').fontSize(10).text(`${requirement.name} (${requirement.id})`);
    document
      .font('Helvetica')
      .fontSize(9)
      .text(
        `${requirement.authority}. Cycle ${requirement.cycleStart ?? 'any date'} to ${requirement.cycleEnd}, ` +
          `deadline ${requirement.deadline}. Status: ${requirement.status}. Required ${requirement.required}, ` +
          `earned ${requirement.earned}, remaining ${requirement.remaining}; ` +
          `earned by the credits listed here: ${requirement.earnedInPeriod}.`,
        { indent: 12, indentAllLines: true },
      )
      .moveDown(0.3);
  }

  document.moveDown().font('Helvetica').fontSize(8).fillColor('#444444');
  document.text(
    `To verify: extract the attached file ${TRANSCRIPT_ATTACHMENT} and compute its SHA-256; it must equal the ` +
      'digest printed above, and its content the credits and requirements listed here.',
  );
  footers(document, `${practitioner.name} · NPI ${practitioner.npi ?? 'not given'} · SHA-256 ${digest}`);
  document.end();
  return done;
}

/** Who and which data on every page (a page taken alone still names them), and its number. */
function footers(document: PDFKit.PDFDocument, text: string): void {
  const { start, count } = document.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    document.switchToPage(index);
    const { margins, height, width } = document.page;
    const bottom = margins.bottom;
    // Text below the bottom margin would open a new page.
    document.page.margins.bottom = 0;
    document
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#444444')
      .text(`${text} · page ${index - start + 1} of ${count}`, margins.left, height - bottom + 18, {
        width: width - margins.left - margins.right,
        lineBreak: false,
      });
    document.page.margins.bottom = bottom;
  }
}
