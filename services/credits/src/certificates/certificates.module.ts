import { Module } from '@nestjs/common';

import { CertificateStore } from './certificate-store';
import { CertificatesController } from './certificates.controller';
import { MultipartUploads } from './multipart-uploads';

@Module({
  controllers: [CertificatesController],
  providers: [CertificateStore, MultipartUploads],
  exports: [CertificateStore],
})
export class CertificatesModule {}
