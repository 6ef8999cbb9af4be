import { createHash } from 'node:crypto';

/** The UUID namespace of imported courses (RFC 9562 name-based ids): fixed, never to be changed. */
const IMPORTED_COURSE_NAMESPACE = Buffer.from('5d3c8a4e6f1b4c2a9e7d0b1f2a3c4d5e', 'hex');

/**
 * The course id of an external id: a version-5 (SHA-1, name-based) UUID, so the same external id always
 * names the same course, whichever instance imports it and however often.
 */
export function importedCourseId(externalId: string): string {
  const hash = createHash('sha1').update(IMPORTED_COURSE_NAMESPACE).update(externalId, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
