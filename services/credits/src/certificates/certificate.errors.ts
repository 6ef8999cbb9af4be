import { AppException } from '@cme/platform';

import { CERTIFICATE_LIMIT_BYTES } from './certificate-limits';

export const CertificateErrors = {
  notFound: (id: string) =>
    AppException.notFound('certificate-not-found', `Certificate ${id} is not on file.`),
  tooLarge: () =>
    AppException.payloadTooLarge(
      'certificate-too-large',
      `A certificate is limited to ${CERTIFICATE_LIMIT_BYTES / 1024 / 1024} MiB; scan it at a lower resolution or as a PDF.`,
    ),
  unsupportedType: () =>
    AppException.unsupportedMediaType(
      'certificate-type-unsupported',
      'A certificate must be a PDF, PNG or JPEG file (told by its content, not its name).',
    ),
  noFile: () =>
    AppException.validation(
      'certificate-missing',
      'Send the certificate as a multipart/form-data field named "file".',
      [{ path: 'file', message: 'required' }],
    ),
  notMultipart: () =>
    AppException.unsupportedMediaType(
      'certificate-not-multipart',
      'Upload a certificate as multipart/form-data with the file in a field named "file".',
    ),
  cursorInvalid: () =>
    AppException.validation('cursor-invalid', 'The cursor is invalid.', [
      { path: 'cursor', message: 'use the nextCursor of a previous page' },
    ]),
};
