/**
 * The file types a certificate may be, told by their first bytes (their signatures), never by the name or
 * the Content-Type a client sends: a renamed executable stays out. Three fixed signatures need no library.
 */
const SIGNATURES: readonly { contentType: CertificateContentType; extension: string; bytes: number[] }[] = [
  { contentType: 'application/pdf', extension: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { contentType: 'image/png', extension: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { contentType: 'image/jpeg', extension: 'jpg', bytes: [0xff, 0xd8, 0xff] },
];

export type CertificateContentType = 'application/pdf' | 'image/png' | 'image/jpeg';

export function extensionOf(contentType: CertificateContentType): string {
  return SIGNATURES.find((signature) => signature.contentType === contentType)?.extension ?? 'bin';
}

export function sniffCertificateType(head: Uint8Array): CertificateContentType | undefined {
  return SIGNATURES.find(({ bytes }) => bytes.every((byte, index) => head[index] === byte))?.contentType;
}
