import { createPrivateKey } from 'node:crypto';

import { serviceConfigSchema } from '@cme/platform';
import { z } from 'zod';

function isEd25519PrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

export const creditsConfigSchema = serviceConfigSchema({
  port: 3002,
  database: 'cme_credits',
  consumerGroup: 'cme-credits',
})
  .extend({
    /**
     * The Ed25519 private key (PKCS#8 PEM) that signs verifiable credentials and calendar subscription tokens.
     * Unset outside production: one is made once under .local/credits/ and kept there.
     */
    DOCUMENTS_SIGNING_KEY: z
      .string()
      // Environment files often hold a PEM on one line with `\n` escapes.
      .transform((pem) => pem.replaceAll('\\n', '\n').trim())
      .refine(isEd25519PrivateKey, 'expected a PKCS#8 PEM Ed25519 private key')
      .optional(),
    /**
     * Where clients reach this service (https://credits.example.org): the issuer of credentials and the address
     * of calendar subscriptions. Unset outside production: taken from each request's Host.
     */
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'expected an https:// or http:// URL' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  })
  .superRefine((config, context) => {
    if (config.NODE_ENV !== 'production') return;
    const problem = (variable: string, message: string) =>
      context.addIssue({ code: 'custom', path: [variable], message });
    // A key made on the machine would change with the machine, and with it every credential's proof.
    if (!config.DOCUMENTS_SIGNING_KEY) problem('DOCUMENTS_SIGNING_KEY', 'required in production');
    if (!config.PUBLIC_URL?.startsWith('https://')) {
      problem('PUBLIC_URL', 'required in production, as an https:// URL');
    }
  });

export type CreditsConfig = z.infer<typeof creditsConfigSchema>;
