import { sniffCertificateType } from './certificate-content-type';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('certificate content type', () => {
  it('tells PDF, PNG and JPEG apart by their first bytes', () => {
    expect(sniffCertificateType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffCertificateType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffCertificateType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
  });

  it('refuses anything else, whatever it is called', () => {
    expect(sniffCertificateType(Buffer.from('MZ\x90\x00'))).toBeUndefined();
    expect(sniffCertificateType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(sniffCertificateType(Buffer.from('%PD'))).toBeUndefined();
    expect(sniffCertificateType(new Uint8Array())).toBeUndefined();
  });
});
