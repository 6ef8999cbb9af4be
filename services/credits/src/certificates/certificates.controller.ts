import {
  ApiPathParameter,
  ApiProblems,
  ApiQueryParameters,
  type Caller,
  CurrentCaller,
  displayableText,
  RequireRoles,
  SelfOrStaff,
  ZodValidationPipe,
} from '@cme/platform';
import { applyDecorators, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';

import { PractitionerIdSchema } from '../practitioners/practitioner.dto';
import { CertificateErrors } from './certificate.errors';
import { extensionOf, sniffCertificateType } from './certificate-content-type';
import { type Certificate, type CertificatePage, CertificateStore } from './certificate-store';

const CertificateListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();
type CertificateListQuery = z.infer<typeof CertificateListQuerySchema>;

const CertificateIdSchema = z.string().max(64);
const certificateId = new ZodValidationPipe(CertificateIdSchema, 'params');
const practitionerId = new ZodValidationPipe(PractitionerIdSchema, 'params');
const listQuery = new ZodValidationPipe(CertificateListQuerySchema, 'query');

/** A certificate file, as it was uploaded (its type told by its content). */
const ApiCertificateFile = () =>
  applyDecorators(
    ApiProduces('application/pdf', 'image/png', 'image/jpeg'),
    ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } }),
  );

/** What the API shows of a certificate: its identity, hash, type and size, never where it is stored. */
function view(certificate: Certificate) {
  return { ...certificate, uploadedAt: certificate.uploadedAt.toISOString() };
}

@ApiTags('certificates')
@Controller('v1/practitioners')
export class CertificatesController {
  constructor(private readonly certificates: CertificateStore) {}

  @Post('me/certificates')
  @RequireRoles('practitioner')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary: 'Keep a certificate on file (PDF, PNG or JPEG; at most 10 MiB)',
    description:
      'multipart/form-data with the file in the field "file". The type is told by the content; the same file ' +
      'uploaded again answers the first (200). Reference it from a credit with certificateId.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' } },
      required: ['file'],
    },
  })
  @ApiCreatedResponse({ description: 'The certificate, on file: { id, sha256, contentType, size, … }' })
  @ApiOkResponse({ description: 'The same file, already on file' })
  @ApiProblems(400, 413, 415)
  async upload(
    @CurrentCaller() caller: Caller,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!request.isMultipart()) throw CertificateErrors.notMultipart();
    let content: Buffer;
    let originalName: string | undefined;
    try {
      const part = await request.file();
      if (!part) throw CertificateErrors.noFile();
      // Kept only so the practitioner recognises the file: shown back, never used as a path or a header.
      originalName = displayableText(part.filename ?? '', 200) || undefined;
      content = await part.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw CertificateErrors.tooLarge();
      throw error;
    }
    const contentType = sniffCertificateType(content);
    if (!contentType) throw CertificateErrors.unsupportedType();
    const { certificate, created } = await this.certificates.save(
      caller.id,
      content,
      contentType,
      originalName,
    );
    void reply.status(created ? 201 : 200);
    return view(certificate);
  }

  @Get('me/certificates')
  @RequireRoles('practitioner')
  @ApiOperation({ summary: 'My certificates on file, newest first' })
  @ApiQueryParameters(CertificateListQuerySchema)
  @ApiOkResponse({ description: 'A page of certificates: { items, nextCursor }' })
  @ApiProblems(400)
  async mine(@CurrentCaller() caller: Caller, @Query(listQuery) query: CertificateListQuery) {
    return this.page(await this.certificates.list(caller.id, query.limit, query.cursor));
  }

  @Get('me/certificates/:certificateId')
  @RequireRoles('practitioner')
  @ApiOperation({ summary: 'One of my certificates: the file itself' })
  @ApiPathParameter('certificateId', CertificateIdSchema)
  @ApiCertificateFile()
  @ApiProblems(400, 404)
  async download(
    @CurrentCaller() caller: Caller,
    @Param('certificateId', certificateId) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.send(reply, caller.id, id);
  }

  @Get(':id/certificates')
  @SelfOrStaff('id')
  @ApiOperation({ summary: "A practitioner's certificates on file (staff, or the practitioner themself)" })
  @ApiPathParameter('id', PractitionerIdSchema)
  @ApiQueryParameters(CertificateListQuerySchema)
  @ApiOkResponse({ description: 'A page of certificates: { items, nextCursor }' })
  @ApiProblems(400)
  async ofPractitioner(
    @Param('id', practitionerId) id: string,
    @Query(listQuery) query: CertificateListQuery,
  ) {
    return this.page(await this.certificates.list(id, query.limit, query.cursor));
  }

  @Get(':id/certificates/:certificateId')
  @SelfOrStaff('id')
  @ApiOperation({ summary: "A practitioner's certificate file (staff, or the practitioner themself)" })
  @ApiPathParameter('id', PractitionerIdSchema)
  @ApiPathParameter('certificateId', CertificateIdSchema)
  @ApiCertificateFile()
  @ApiProblems(400, 404)
  async downloadOf(
    @Param('id', practitionerId) owner: string,
    @Param('certificateId', certificateId) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.send(reply, owner, id);
  }

  private page(page: CertificatePage) {
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  private async send(reply: FastifyReply, owner: string, id: string): Promise<void> {
    const certificate = await this.certificates.find(owner, id);
    if (!certificate) throw CertificateErrors.notFound(id);
    await reply
      .header('content-type', certificate.contentType)
      .header('content-length', String(certificate.size))
      .header(
        'content-disposition',
        `attachment; filename="certificate-${certificate.id}.${extensionOf(certificate.contentType)}"`,
      )
      .header('x-content-sha256', certificate.sha256)
      .send(this.certificates.openContent(certificate));
  }
}
