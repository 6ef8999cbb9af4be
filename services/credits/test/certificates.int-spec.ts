import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { LedgerEventTypes, Topics } from '@cme/contracts';
import { asPractitioner, asStaff, EventTap, startTestService, type TestService } from '@cme/testing';
import request from 'supertest';

import { creditsService } from '../src/credits.module';
import { outsideCredit } from './credits-test-support';

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Files of each accepted type, each with random content (so each is a file of its own). */
const pdf = (size = 2048) => {
  const file = randomBytes(size);
  file.write('%PDF-1.7\n', 0, 'latin1');
  return file;
};
const png = () =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(1024)]);
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1024)]);

/** supertest keeps a binary body as it came (a Buffer), whatever its type. */
function binary(response: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const stream = response as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

interface CertificateView {
  id: string;
  sha256: string;
  contentType: string;
  size: number;
  uploadedAt: string;
}

describe('certificates (real MongoDB-wire server, GridFS)', () => {
  let service: TestService;
  let ledgerTap: EventTap;

  beforeAll(async () => {
    service = await startTestService(creditsService);
    ledgerTap = await EventTap.open(Topics.ledger);
  });

  afterAll(async () => {
    await service?.close();
    await ledgerTap?.close();
  });

  const api = () => request(service.url);
  const newId = () => `p-${randomUUID()}`;
  const upload = (
    practitionerId: string,
    file: Buffer,
    filename = 'certificate.pdf',
    contentType = 'application/pdf',
  ) =>
    api()
      .post('/v1/practitioners/me/certificates')
      .set(asPractitioner(practitionerId))
      .attach('file', file, { filename, contentType });
  const uploaded = async (practitionerId: string, file: Buffer = pdf()): Promise<CertificateView> =>
    (await upload(practitionerId, file).expect(201)).body;
  const download = (path: string, headers: Record<string, string>) =>
    api().get(path).set(headers).buffer(true).parse(binary);

  describe('upload', () => {
    it('keeps a PDF and answers its id, SHA-256, type, size and upload time (201)', async () => {
      const file = pdf();
      const response = await upload(newId(), file).expect(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        sha256: sha256(file),
        contentType: 'application/pdf',
        size: file.length,
        uploadedAt: expect.any(String),
        originalName: 'certificate.pdf',
      });
      expect(new Date(response.body.uploadedAt).toISOString()).toBe(response.body.uploadedAt);
    });

    it.each<[string, () => Buffer, string, string, string]>([
      ['a PDF named .png and sent as image/png', pdf, 'scan.png', 'image/png', 'application/pdf'],
      ['a PNG named .pdf', png, 'certificate.pdf', 'application/pdf', 'image/png'],
      ['a JPEG without a name’s extension', jpeg, 'scan', 'application/octet-stream', 'image/jpeg'],
    ])('tells the type by the content: %s', async (_, file, filename, sentType, contentType) => {
      const response = await upload(newId(), file(), filename, sentType).expect(201);
      expect(response.body.contentType).toBe(contentType);
    });

    it.each<[string, Buffer, string]>([
      [
        'a Windows executable named .pdf',
        Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(512)]),
        'certificate.pdf',
      ],
      [
        'an ELF executable',
        Buffer.concat([Buffer.from('\x7fELF', 'latin1'), randomBytes(512)]),
        'certificate.pdf',
      ],
      ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'certificate.gif'],
      ['an HTML page named .pdf', Buffer.from('<html><script>alert(1)</script></html>'), 'certificate.pdf'],
      ['a truncated PDF signature', Buffer.from('%PD'), 'certificate.pdf'],
      ['an empty file', Buffer.alloc(0), 'certificate.pdf'],
    ])('refuses %s (415)', async (_, file, filename) => {
      const id = newId();
      const response = await upload(id, file, filename).expect(415);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.code).toBe('certificate-type-unsupported');
      expect(
        (await api().get('/v1/practitioners/me/certificates').set(asPractitioner(id))).body.items,
      ).toEqual([]);
    });

    it('refuses a body that is not multipart (415) and a multipart body without a file (400)', async () => {
      const json = await api()
        .post('/v1/practitioners/me/certificates')
        .set(asPractitioner(newId()))
        .send({ file: 'JVBERi0xLjc=' })
        .expect(415);
      expect(json.body.code).toBe('certificate-not-multipart');
      const noFile = await api()
        .post('/v1/practitioners/me/certificates')
        .set(asPractitioner(newId()))
        .field('note', 'no file here')
        .expect(400);
      expect(noFile.body).toMatchObject({
        code: 'certificate-missing',
        errors: [{ path: 'file', message: 'required' }],
      });
    });

    it('takes a file of exactly 10 MiB (far above the 1 MiB JSON limit) and refuses one byte more (413)', async () => {
      const id = newId();
      const largest = pdf(10 * MiB);
      const kept = await upload(id, largest).expect(201);
      expect(kept.body).toMatchObject({ size: 10 * MiB, sha256: sha256(largest) });
      const back = await download(
        `/v1/practitioners/me/certificates/${kept.body.id}`,
        asPractitioner(id),
      ).expect(200);
      expect(sha256(back.body)).toBe(sha256(largest));

      const tooLarge = await upload(id, pdf(10 * MiB + 1)).expect(413);
      expect(tooLarge.headers['content-type']).toContain('application/problem+json');
      expect(tooLarge.body.code).toBe('certificate-too-large');
      const listed = (await api().get('/v1/practitioners/me/certificates').set(asPractitioner(id))).body
        .items;
      expect(listed.map((certificate: CertificateView) => certificate.id)).toEqual([kept.body.id]);
    });

    it('answers the same file uploaded again with the first (200), also when uploaded at once', async () => {
      const id = newId();
      const file = pdf();
      const first = await upload(id, file).expect(201);
      const again = await upload(id, file, 'renamed.pdf').expect(200);
      expect(again.body).toEqual(first.body);

      const racing = pdf();
      const responses = await Promise.all(Array.from({ length: 4 }, () => upload(id, racing)));
      expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 201]);
      expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
      const listed = (await api().get('/v1/practitioners/me/certificates').set(asPractitioner(id))).body
        .items;
      expect(listed).toHaveLength(2);

      // Another practitioner's copy of the same file is their own.
      const theirs = await upload(newId(), file).expect(201);
      expect(theirs.body.id).not.toBe(first.body.id);
    });
  });

  describe('download and listing', () => {
    it.each<[string, () => Buffer, string]>([
      ['pdf', pdf, 'application/pdf'],
      ['png', png, 'image/png'],
      ['jpg', jpeg, 'image/jpeg'],
    ])(
      'returns the very bytes (.%s) with their type, length, hash and an attachment name',
      async (extension, file, type) => {
        const id = newId();
        const bytes = file();
        const certificate = (await upload(id, bytes, 'whatever.bin', 'application/octet-stream').expect(201))
          .body;
        const response = await download(
          `/v1/practitioners/me/certificates/${certificate.id}`,
          asPractitioner(id),
        ).expect(200);
        expect(response.headers).toMatchObject({
          'content-type': type,
          'content-length': String(bytes.length),
          'content-disposition': `attachment; filename="certificate-${certificate.id}.${extension}"`,
          'x-content-sha256': sha256(bytes),
          'x-content-type-options': 'nosniff',
        });
        expect(sha256(response.body)).toBe(sha256(bytes));
      },
    );

    it('lists certificates newest first, in pages without duplicates or gaps', async () => {
      const id = newId();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await uploaded(id)).id);
      const all = (await api().get('/v1/practitioners/me/certificates').set(asPractitioner(id)).expect(200))
        .body;
      expect(all.items.map((certificate: CertificateView) => certificate.id)).toEqual([...ids].reverse());
      expect(all.nextCursor).toBeNull();

      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: request.Response = await api()
          .get('/v1/practitioners/me/certificates')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(asPractitioner(id))
          .expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        paged.push(...page.body.items.map((certificate: CertificateView) => certificate.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual([...ids].reverse());
    });

    it.each<Record<string, string | number>>([
      { limit: 0 },
      { limit: 101 },
      { cursor: 'bm9wZQ' },
      { order: 'asc' },
    ])('refuses the query %p (400)', async (query) => {
      await api()
        .get('/v1/practitioners/me/certificates')
        .query(query)
        .set(asPractitioner(newId()))
        .expect(400);
    });
  });

  describe('who may read one', () => {
    it('lets the owner and staff read it; another practitioner gets 404 on /me and 403 on the owner’s routes', async () => {
      const owner = newId();
      const intruder = newId();
      const bytes = pdf();
      const certificate = await uploaded(owner, bytes);
      const other = await uploaded(intruder);

      for (const headers of [asPractitioner(owner), asStaff()]) {
        const file = await download(
          `/v1/practitioners/${owner}/certificates/${certificate.id}`,
          headers,
        ).expect(200);
        expect(sha256(file.body)).toBe(sha256(bytes));
        const listed = await api().get(`/v1/practitioners/${owner}/certificates`).set(headers).expect(200);
        expect(listed.body.items.map((item: CertificateView) => item.id)).toEqual([certificate.id]);
      }

      const hidden = await api()
        .get(`/v1/practitioners/me/certificates/${certificate.id}`)
        .set(asPractitioner(intruder))
        .expect(404);
      expect(hidden.body.code).toBe('certificate-not-found');
      const refused = await api()
        .get(`/v1/practitioners/${owner}/certificates/${certificate.id}`)
        .set(asPractitioner(intruder))
        .expect(403);
      expect(refused.body.code).toBe('not-self-or-staff');
      await api().get(`/v1/practitioners/${owner}/certificates`).set(asPractitioner(intruder)).expect(403);
      // A certificate is found under its owner only, staff or not.
      await api().get(`/v1/practitioners/${owner}/certificates/${other.id}`).set(asStaff()).expect(404);
      for (const unknown of ['0123456789abcdef01234567', 'not-an-id']) {
        await api()
          .get(`/v1/practitioners/me/certificates/${unknown}`)
          .set(asPractitioner(owner))
          .expect(404);
      }
      await api().get('/v1/practitioners/me/certificates').set(asStaff()).expect(403);
      await api()
        .post('/v1/practitioners/me/certificates')
        .set(asStaff())
        .attach('file', pdf(), 'c.pdf')
        .expect(403);
    });
  });

  describe('certificates on credits', () => {
    it('gives a credit the certificate’s hash, so the file on record can be proved the one recorded', async () => {
      const id = newId();
      const bytes = pdf();
      const certificate = await uploaded(id, bytes);
      const credit = await api()
        .post('/v1/practitioners/me/credits')
        .set(asPractitioner(id))
        .send(outsideCredit({ certificateId: certificate.id }))
        .expect(201);
      expect(credit.body.certificate).toEqual({ id: certificate.id, sha256: sha256(bytes) });
      const event = await ledgerTap.waitFor(
        (e) => (e.data as { creditId: string }).creditId === credit.body.id,
      );
      expect(event).toMatchObject({
        type: LedgerEventTypes.creditRecorded,
        data: { certificate: { id: certificate.id, sha256: sha256(bytes) } },
      });
      const file = await download(`/v1/practitioners/${id}/certificates/${certificate.id}`, asStaff()).expect(
        200,
      );
      expect(sha256(file.body)).toBe(credit.body.certificate.sha256);
    });

    it('refuses a certificate that is not the practitioner’s own, or not on file (422)', async () => {
      const id = newId();
      const theirs = await uploaded(newId());
      for (const certificateId of [theirs.id, '0123456789abcdef01234567']) {
        const response = await api()
          .post('/v1/practitioners/me/credits')
          .set(asPractitioner(id))
          .send(outsideCredit({ certificateId }))
          .expect(422);
        expect(response.body).toMatchObject({
          code: 'certificate-not-found',
          errors: [{ path: 'certificateId' }],
        });
      }
    });

    it('flags a second credit with the same certificate file as a possible duplicate', async () => {
      const id = newId();
      const certificate = await uploaded(id);
      const post = (body: object) =>
        api().post('/v1/practitioners/me/credits').set(asPractitioner(id)).send(body).expect(201);
      const first = await post(outsideCredit({ certificateId: certificate.id }));
      const second = await post(
        outsideCredit(
          { certificateId: certificate.id, completedOn: '2025-11-02' },
          { title: 'Another title', provider: 'Another provider' },
        ),
      );
      expect(first.body).not.toHaveProperty('possibleDuplicateOf');
      expect(second.body.possibleDuplicateOf).toBe(first.body.id);
    });

    it('attaches, replaces and detaches a certificate by correction, with the change in the history', async () => {
      const id = newId();
      const [a, b] = [await uploaded(id), await uploaded(id)];
      const credit = (
        await api()
          .post('/v1/practitioners/me/credits')
          .set(asPractitioner(id))
          .send(outsideCredit())
          .expect(201)
      ).body;
      const patch = (body: object) =>
        api().patch(`/v1/practitioners/me/credits/${credit.id}`).set(asPractitioner(id)).send(body);
      const attached = await patch({ certificateId: a.id }).expect(200);
      expect(attached.body.certificate).toEqual({ id: a.id, sha256: a.sha256 });
      const replaced = await patch({ certificateId: b.id }).expect(200);
      expect(replaced.body.history.at(-1).changes).toEqual([
        {
          field: 'certificate',
          before: { id: a.id, sha256: a.sha256 },
          after: { id: b.id, sha256: b.sha256 },
        },
      ]);
      const detached = await patch({ certificateId: null }).expect(200);
      expect(detached.body).not.toHaveProperty('certificate');
      expect(detached.body.history.at(-1).changes).toEqual([
        { field: 'certificate', before: { id: b.id, sha256: b.sha256 }, after: null },
      ]);
      const theirs = await uploaded(newId());
      await patch({ certificateId: theirs.id }).expect(422);
    });
  });
});
