// Reads a PDF on stdin and prints { text, attachments } as JSON: its text (pdf.js's extraction, page by page,
// one line per text run) and its embedded files (name → base64). A script of its own because pdf.js ships
// only as ES modules, which the tests' CommonJS loader cannot require on Node 20.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const document = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0 }).promise;
const lines = [];
for (let number = 1; number <= document.numPages; number++) {
  const page = await document.getPage(number);
  const content = await page.getTextContent();
  let line = '';
  for (const item of content.items) {
    line += item.str;
    if (item.hasEOL) {
      lines.push(line);
      line = '';
    }
  }
  if (line) lines.push(line);
}
const attachments = Object.fromEntries(
  Object.values((await document.getAttachments()) ?? {}).map((file) => [
    file.filename,
    Buffer.from(file.content).toString('base64'),
  ]),
);
process.stdout.write(JSON.stringify({ text: lines.join('\n'), attachments }));
await document.destroy();
