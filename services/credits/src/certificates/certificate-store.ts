import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { isDuplicateKey } from '@cme/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type Connection, mongo } from 'mongoose';

import { CertificateErrors } from './certificate.errors';
import { type CertificateContentType, extensionOf } from './certificate-content-type';

/** A certificate on file: the evidence an auditor asks for, identified by its content's hash. */
export interface Certificate {
  id: string;
  sha256: string;
  contentType: CertificateContentType;
  size: number;
  uploadedAt: Date;
  /** The name the file had on the practitioner's computer, kept for them to recognise it. */
  originalName?: string;
}

interface CertificateMetadata {
  practitionerId: string;
  sha256: string;
  contentType: CertificateContentType;
  uploadedAt: Date;
  originalName?: string;
}

type FileDocument = mongo.GridFSFile & { metadata: CertificateMetadata };

export interface CertificatePage {
  items: Certificate[];
  nextCursor: string | null;
}

const BUCKET = 'certificates';

function toCertificate(file: FileDocument): Certificate {
  const { sha256, contentType, uploadedAt, originalName } = file.metadata;
  return {
    id: file._id.toHexString(),
    sha256,
    contentType,
    size: file.length,
    uploadedAt,
    ...(originalName && { originalName }),
  };
}

/**
 * Certificates in the service's own database, in GridFS (chunks of 255 KiB; it works the same on MongoDB and
 * on the local mongo-java-server), with their SHA-256 in the file's metadata. One practitioner's same file is
 * stored once (a unique index on owner and hash): uploading it again answers the first.
 */
@Injectable()
export class CertificateStore implements OnModuleInit {
  private readonly bucket: mongo.GridFSBucket;
  private readonly files: mongo.Collection<FileDocument>;
  private readonly chunks: mongo.Collection;

  constructor(@InjectConnection() connection: Connection) {
    const db = connection.db as unknown as mongo.Db;
    this.bucket = new mongo.GridFSBucket(db, { bucketName: BUCKET });
    this.files = db.collection<FileDocument>(`${BUCKET}.files`);
    this.chunks = db.collection(`${BUCKET}.chunks`);
  }

  async onModuleInit(): Promise<void> {
    await this.files.createIndex({ 'metadata.practitionerId': 1, 'metadata.sha256': 1 }, { unique: true });
    await this.files.createIndex({ 'metadata.practitionerId': 1, 'metadata.uploadedAt': -1, _id: -1 });
  }

  async save(
    practitionerId: string,
    content: Buffer,
    contentType: CertificateContentType,
    originalName: string | undefined,
    now = new Date(),
  ): Promise<{ certificate: Certificate; created: boolean }> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const existing = await this.findByHash(practitionerId, sha256);
    if (existing) return { certificate: existing, created: false };
    const id = new mongo.ObjectId();
    const metadata: CertificateMetadata = {
      practitionerId,
      sha256,
      contentType,
      uploadedAt: now,
      ...(originalName && { originalName }),
    };
    try {
      await pipeline(
        Readable.from([content]),
        this.bucket.openUploadStreamWithId(id, `${sha256}.${extensionOf(contentType)}`, { metadata }),
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // The same file, uploaded at the same moment by another request: its record won; drop our chunks.
      await this.chunks.deleteMany({ files_id: id });
      const winner = await this.findByHash(practitionerId, sha256);
      if (!winner) throw error;
      return { certificate: winner, created: false };
    }
    return {
      certificate: {
        id: id.toHexString(),
        sha256,
        contentType,
        size: content.length,
        uploadedAt: now,
        ...(originalName && { originalName }),
      },
      created: true,
    };
  }

  /** The practitioner's certificate with this id; another practitioner's is as good as absent. */
  async find(practitionerId: string, id: string): Promise<Certificate | undefined> {
    if (!mongo.ObjectId.isValid(id)) return undefined;
    const file = await this.files.findOne({
      _id: new mongo.ObjectId(id),
      'metadata.practitionerId': practitionerId,
    });
    return file ? toCertificate(file) : undefined;
  }

  /** The certificate's bytes, as a stream (GridFS reads them chunk by chunk). */
  openContent(certificate: Certificate): Readable {
    return this.bucket.openDownloadStream(new mongo.ObjectId(certificate.id));
  }

  async list(practitionerId: string, limit: number, cursor?: string): Promise<CertificatePage> {
    const filter: mongo.Filter<FileDocument> = { 'metadata.practitionerId': practitionerId };
    if (cursor) {
      const [uploadedAt, id] = decodeCursor(cursor);
      filter.$or = [
        { 'metadata.uploadedAt': { $lt: uploadedAt } },
        { 'metadata.uploadedAt': uploadedAt, _id: { $lt: id } },
      ];
    }
    const found = await this.files
      .find(filter)
      .sort({ 'metadata.uploadedAt': -1, _id: -1 })
      .limit(limit + 1)
      .toArray();
    const items = found.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(toCertificate),
      nextCursor:
        found.length > items.length && last
          ? Buffer.from(
              JSON.stringify([last.metadata.uploadedAt.toISOString(), last._id.toHexString()]),
            ).toString('base64url')
          : null,
    };
  }

  private async findByHash(practitionerId: string, sha256: string): Promise<Certificate | undefined> {
    const file = await this.files.findOne({
      'metadata.practitionerId': practitionerId,
      'metadata.sha256': sha256,
    });
    return file ? toCertificate(file) : undefined;
  }
}

function decodeCursor(cursor: string): [Date, mongo.ObjectId] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    if (!Number.isNaN(date.getTime()) && mongo.ObjectId.isValid(id)) return [date, new mongo.ObjectId(id)];
  } catch {
    // reported below
  }
  throw CertificateErrors.cursorInvalid();
}
