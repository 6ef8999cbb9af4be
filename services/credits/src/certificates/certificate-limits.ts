/** Scans of certificates are a few hundred kilobytes; 10 MiB leaves room for a photographed one. */
export const CERTIFICATE_LIMIT_BYTES = 10 * 1024 * 1024;
