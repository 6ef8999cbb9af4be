import { z } from 'zod';

/** The body of `POST /v1/practitioners/me/credits` for a catalog course. */
export const CatalogCreditClaimSchema = z
  .object({
    courseId: z.string().min(1).max(100),
    completedOn: z.iso.date(),
    claimed: z
      .array(
        z
          .object({
            type: z.string().regex(/^[A-Z][A-Z0-9_]{1,40}$/),
            // Credits are claimed in quarter steps (AMA PRA: 0.25 credit).
            amount: z
              .number()
              .positive()
              .max(100)
              .refine((amount) => Number.isInteger(amount * 4), 'must be a multiple of 0.25'),
          })
          .strict(),
      )
      .min(1)
      .max(10),
  })
  .strict();

export type CatalogCreditClaim = z.infer<typeof CatalogCreditClaimSchema>;

export const IdempotencyKeySchema = z
  .string()
  .regex(/^[\w-]{8,100}$/, 'Idempotency-Key must be 8 to 100 letters, digits, "-" or "_"')
  .optional();
