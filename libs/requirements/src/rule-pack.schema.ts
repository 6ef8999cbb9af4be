import { z } from 'zod';

import { calendarDateSchema } from './inputs.schema';
import { APPROVAL_CODES, CREDIT_TYPE_CODES, PROFESSIONS, TOPIC_CODES } from './vocabulary';

/**
 * The rule-pack format: versioned data, one JSON file per authority under `libs/requirements/rule-packs/`.
 * Every object is strict (an unknown key is an error, so a typo never silently drops a condition).
 */

const codeSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lower-case kebab-case code such as pain-management');
const stateSchema = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter state code such as CA');
const creditTypeSchema = z.enum(CREDIT_TYPE_CODES, {
  error: `must be a credit type: ${CREDIT_TYPE_CODES.join(', ')}`,
});
/** Topics come from the shared vocabulary: a code the catalog cannot tag a course with would never match. */
const topicSchema = z.enum(TOPIC_CODES, {
  error: `must be a topic of the vocabulary: ${TOPIC_CODES.join(', ')}`,
});
/** Approvals come from the shared vocabulary, which the ledger records on credits. */
const approvalSchema = z.enum(APPROVAL_CODES, {
  error: `must be an approval of the vocabulary: ${APPROVAL_CODES.join(', ')}`,
});
const monthsSchema = z.number().int().min(1).max(240);
const httpsUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
/** Amounts are credits or hours with at most two decimals (0.25 steps are common). */
const amountSchema = z
  .number()
  .positive()
  .max(10000)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, {
    message: 'must have at most two decimals',
  });

export const renewalConditionSchema = z
  .strictObject({
    /** The license whose renewals are counted. */
    state: stateSchema,
    /** The license's renewal period, used to count renewals from `issuedOn`. */
    periodMonths: monthsSchema,
    /** Applies at these renewal numbers (1 = first renewal). */
    in: z.array(z.number().int().min(1)).min(1).optional(),
    /** Applies from this renewal number on. */
    from: z.number().int().min(1).optional(),
    /** Applies at every n-th renewal (n, 2n, 3n …). */
    every: z.number().int().min(2).optional(),
    /**
     * With `every`: the first renewal of the schedule, so that it applies at renewals n >= offset with
     * (n - offset) % every === 0 (`{ every: 3, offset: 1 }`: renewals 1, 4, 7 …). Absent: `every` itself.
     */
    offset: z.number().int().min(1).optional(),
    /** Whether the rule applies when the profile does not let the engine count renewals. */
    ifUnknown: z.boolean(),
  })
  .refine((r) => r.in !== undefined || r.from !== undefined || r.every !== undefined, {
    message: 'a renewal condition needs at least one of in, from, every',
  })
  .refine((r) => r.offset === undefined || r.every !== undefined, {
    message: 'offset needs every',
    path: ['offset'],
  });

export const licenseIssuedConditionSchema = z
  .strictObject({
    /** The license whose `issuedOn` is tested. */
    state: stateSchema,
    /** Issued on or after this date. */
    onOrAfter: calendarDateSchema.optional(),
    /** Issued before this date. */
    before: calendarDateSchema.optional(),
    /** Whether the condition holds when the license has no `issuedOn`. */
    ifUnknown: z.boolean(),
  })
  .refine((c) => c.onOrAfter !== undefined || c.before !== undefined, {
    message: 'a licenseIssued condition needs onOrAfter or before',
  });

export const conditionSchema = z.strictObject({
  professions: z.array(z.enum(PROFESSIONS)).min(1).optional(),
  /** The profile's specialty is one of these codes. */
  specialties: z.array(codeSchema).min(1).optional(),
  /** Holds a license in one of these states. */
  licenseStates: z.array(stateSchema).min(1).optional(),
  deaRegistrant: z.boolean().optional(),
  flags: z
    .strictObject({
      directPatientCare: z.boolean().optional(),
      painClinic: z.boolean().optional(),
      geriatricPractice: z.boolean().optional(),
    })
    .optional(),
  /** Holds a certification from one of these boards. */
  boards: z.array(z.string().min(1)).min(1).optional(),
  /** Holds a certification (any board) in one of these specialties. */
  boardSpecialties: z.array(codeSchema).min(1).optional(),
  renewal: renewalConditionSchema.optional(),
  /** The license of that state was issued in this date range (NY: licensed on or after 2017-07-01). */
  licenseIssued: licenseIssuedConditionSchema.optional(),
  /**
   * true: a certification (of `boards`, when the condition names boards) has `mocParticipation: true`;
   * false: none has.
   */
  boardMocParticipation: z.boolean().optional(),
  /**
   * exemptIf only (it needs the cycle): true when a certification's `certifiedSince` (of `boards`, when named)
   * falls within the requirement's cycle (NC: initial certification deems that cycle's CME met).
   */
  boardCertifiedInCycle: z.literal(true).optional(),
  /** The practitioner claims this exemption code (profile.exemptions). */
  exemptionClaimed: codeSchema.optional(),
});

export const fixedCycleSchema = z.strictObject({
  kind: z.literal('fixed'),
  /** One window ends on this date; the others end every `lengthMonths` before and after it. */
  anchorEnd: calendarDateSchema,
  lengthMonths: monthsSchema,
});

export const boardCycleSchema = z.strictObject({
  kind: z.literal('board'),
  /** The profile's certification from one of these boards gives cycleStart / cycleEnd. */
  boards: z.array(z.string().min(1)).min(1),
  lengthMonths: monthsSchema,
  /** Split the board cycle into consecutive blocks of `lengthMonths` from cycleStart (ABPN 3-year blocks). */
  blocks: z.boolean().optional(),
  /** Without cycle dates, periods of `lengthMonths` run from the certification's `certifiedSince` (NP boards). */
  fromCertifiedSince: z.boolean().optional(),
  /** Windows to assume when the profile gives no cycle dates (reported in the result's notes). */
  fallback: fixedCycleSchema.optional(),
});

export const licenseCycleSchema = z.strictObject({
  kind: z.literal('license'),
  state: stateSchema,
  /** Windows of this length end on the license's `expiresOn` (and every `lengthMonths` before it). */
  lengthMonths: monthsSchema,
});

export const birthMonthCycleSchema = z.strictObject({
  kind: z.literal('birth-month'),
  /** Windows begin on the first day of the birth month; a multiple of 12. */
  lengthMonths: monthsSchema.refine((m) => m % 12 === 0, { message: 'must be a multiple of 12' }),
  /** License whose `issuedOn` aligns multi-year windows (the first window starts at the first birth month after issue). */
  state: stateSchema.optional(),
});

export const deaRegistrationCycleSchema = z.strictObject({
  kind: z.literal('dea-registration'),
  /** The first window runs from `dea.registeredOn` to this many months after it (NY: within one year). */
  firstWithinMonths: monthsSchema,
  /** Then windows of this length follow it. */
  lengthMonths: monthsSchema,
});

export const dueRuleSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('date'), on: calendarDateSchema }),
    z.strictObject({
      /**
       * The first DEA registration or renewal on or after `onOrAfter` (renewals every `periodMonths`), never before
       * `dea.registeredOn`: a registration first issued after `onOrAfter` is due at its issue.
       */
      kind: z.literal('dea-renewal'),
      onOrAfter: calendarDateSchema,
      periodMonths: monthsSchema,
    }),
    z.strictObject({
      /** The license's issue date if on or after `onOrAfter`, else its first renewal on or after `onOrAfter`. */
      kind: z.literal('license-issue-or-renewal'),
      state: stateSchema,
      onOrAfter: calendarDateSchema,
      periodMonths: monthsSchema,
    }),
    z.strictObject({
      /** The license's n-th renewal date, or `withinMonthsOfIssue` after issue if earlier. */
      kind: z.literal('license-renewal'),
      state: stateSchema,
      renewalNumber: z.number().int().min(1),
      periodMonths: monthsSchema,
      withinMonthsOfIssue: monthsSchema.optional(),
      /** Licenses issued before `date` had one fixed deadline instead. */
      issuedBefore: z.strictObject({ date: calendarDateSchema, dueOn: calendarDateSchema }).optional(),
    }),
  ],
  { error: 'due.kind must be one of date, dea-renewal, license-issue-or-renewal, license-renewal' },
);

export const oneTimeCycleSchema = z.strictObject({
  kind: z.literal('one-time'),
  /** Earliest completion date that counts; null or absent: training at any time counts. */
  countFrom: calendarDateSchema.nullable().optional(),
  due: dueRuleSchema,
});

export const cycleSchema = z.discriminatedUnion(
  'kind',
  [
    fixedCycleSchema,
    boardCycleSchema,
    licenseCycleSchema,
    birthMonthCycleSchema,
    deaRegistrationCycleSchema,
    oneTimeCycleSchema,
  ],
  { error: 'cycle.kind must be one of fixed, board, license, birth-month, dea-registration, one-time' },
);

const nameSchema = z.string().min(1).max(120);

export const componentSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('total'),
      name: nameSchema,
      required: amountSchema,
      /**
       * Up to `max` hours earned beyond `required` in the previous cycle count toward this total (never toward a
       * category or topic minimum, and never carried twice).
       */
      carryForward: z.strictObject({ max: amountSchema }).optional(),
    }),
    z.strictObject({
      kind: z.literal('category'),
      name: nameSchema,
      required: amountSchema,
      types: z.array(creditTypeSchema).min(1),
      /** Only credits whose activity carries this approval count. */
      requiresApproval: approvalSchema.optional(),
    }),
    z.strictObject({
      kind: z.literal('topic'),
      name: nameSchema,
      required: amountSchema,
      /** A credit tagged with any of these topics counts (only its topicHours for a topic it gives hours for). */
      topics: z.array(topicSchema).min(1),
      /** Optionally only credits of these types. */
      types: z.array(creditTypeSchema).min(1).optional(),
      /** Only credits whose activity carries this approval count. */
      requiresApproval: approvalSchema.optional(),
    }),
    z.strictObject({
      kind: z.literal('cap'),
      name: nameSchema,
      per: z.enum(['calendar-year', 'cycle'], { error: 'per must be calendar-year or cycle' }),
      max: amountSchema,
      /** Limit only credits of these types / topics; absent: every credit. */
      types: z.array(creditTypeSchema).min(1).optional(),
      topics: z.array(topicSchema).min(1).optional(),
      /** Another maximum for a range of calendar years (ABA: 70 for 2006–2012). */
      yearOverrides: z
        .array(
          z
            .strictObject({
              fromYear: z.number().int(),
              toYear: z.number().int(),
              max: amountSchema,
            })
            .refine((o) => o.fromYear <= o.toYear, { message: 'fromYear must not be after toYear' }),
        )
        .optional(),
    }),
  ],
  { error: 'component kind must be one of total, category, topic, cap' },
);

export const awardSchema = z.strictObject({
  creditType: creditTypeSchema,
  amount: amountSchema,
  /** `cycle-complete`: claimable once the cycle has ended with the requirement met. */
  when: z.enum(['requirement-met', 'cycle-complete']),
  note: z.string().min(1),
});

export const ruleSchema = z
  .strictObject({
    /** Requirement id, stable across versions (e.g. aba-moca-cme). */
    id: codeSchema,
    /** Rule version label, unique per id (e.g. 2026-01). */
    version: z.string().min(1).max(40),
    name: nameSchema,
    source: httpsUrlSchema,
    references: z.array(httpsUrlSchema).optional(),
    /** The version governs cycles that start (one-time requirements: are due) within its dates. */
    effectiveFrom: calendarDateSchema,
    effectiveTo: calendarDateSchema.nullable().optional(),
    /** False when a fact behind the rule is not confirmed (see notes); shown as `verified` in results. */
    verified: z.boolean(),
    notes: z.string().optional(),
    appliesTo: conditionSchema,
    exemptIf: z.array(z.strictObject({ when: conditionSchema, reason: z.string().min(1) })).optional(),
    /** Credit types that can count at all. */
    accepts: z.array(creditTypeSchema).min(1),
    cycle: cycleSchema,
    components: z.array(componentSchema).min(1),
    awards: z.array(awardSchema).optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.effectiveTo && rule.effectiveTo < rule.effectiveFrom) {
      ctx.addIssue({ code: 'custom', path: ['effectiveTo'], message: 'must not be before effectiveFrom' });
    }
    if (rule.appliesTo.boardCertifiedInCycle) {
      ctx.addIssue({
        code: 'custom',
        path: ['appliesTo', 'boardCertifiedInCycle'],
        message: 'only exemptIf may test boardCertifiedInCycle (it needs the cycle)',
      });
    }
    // Carry-forward and cycle-complete awards look at the previous cycle, which these kinds define.
    const hasPreviousCycle = ['fixed', 'license', 'board'].includes(rule.cycle.kind);
    rule.components.forEach((component, index) => {
      if (component.kind === 'total' && component.carryForward && !hasPreviousCycle) {
        ctx.addIssue({
          code: 'custom',
          path: ['components', index, 'carryForward'],
          message: 'carryForward needs a fixed, license or board cycle',
        });
      }
      // Completion dates of one-time requirements are read off date order, which caps would reorder.
      if (component.kind === 'cap' && rule.cycle.kind === 'one-time') {
        ctx.addIssue({
          code: 'custom',
          path: ['components', index],
          message: 'a one-time requirement takes no caps',
        });
      }
    });
    (rule.awards ?? []).forEach((award, index) => {
      if (award.when === 'cycle-complete' && !hasPreviousCycle) {
        ctx.addIssue({
          code: 'custom',
          path: ['awards', index, 'when'],
          message: 'cycle-complete awards need a fixed, license or board cycle',
        });
      }
    });
    const accepted = new Set<string>(rule.accepts);
    const names = new Set<string>();
    let totals = 0;
    let minimums = 0;
    rule.components.forEach((component, index) => {
      if (names.has(component.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['components', index, 'name'],
          message: 'duplicate component name',
        });
      }
      names.add(component.name);
      if (component.kind === 'total') totals += 1;
      if (component.kind !== 'cap') minimums += 1;
      if (component.kind !== 'total') {
        (component.types ?? []).forEach((type, typeIndex) => {
          if (!accepted.has(type)) {
            ctx.addIssue({
              code: 'custom',
              path: ['components', index, 'types', typeIndex],
              message: `${type} is not in the rule's accepts list`,
            });
          }
        });
      }
      if (component.kind === 'cap' && component.yearOverrides && component.per !== 'calendar-year') {
        ctx.addIssue({
          code: 'custom',
          path: ['components', index, 'yearOverrides'],
          message: 'yearOverrides only apply to per calendar-year caps',
        });
      }
    });
    if (totals > 1) {
      ctx.addIssue({ code: 'custom', path: ['components'], message: 'at most one total component' });
    }
    if (minimums === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['components'],
        message: 'needs a total, category or topic component (caps alone require nothing)',
      });
    }
  });

export const rulePackSchema = z
  .strictObject({
    /** Pack id: the file name without `.json`. */
    pack: codeSchema,
    name: z.string().min(1),
    authority: z.string().min(1),
    /** Version of the pack as a whole (the date its contents were last reviewed, e.g. 2026-11). */
    version: z.string().min(1),
    rules: z.array(ruleSchema).min(1),
  })
  .superRefine((pack, ctx) => {
    const seen = new Map<string, number>();
    pack.rules.forEach((rule, index) => {
      const key = `${rule.id}@${rule.version}`;
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', index, 'version'],
          message: `duplicate version ${rule.version} of ${rule.id} (also rules[${seen.get(key)}])`,
        });
      }
      seen.set(key, index);
    });
    overlappingVersions(pack.rules).forEach(({ index, other }) => {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', index, 'effectiveFrom'],
        message: `effective dates overlap another version of ${pack.rules[index].id} (rules[${other}])`,
      });
    });
  });

export type Condition = z.infer<typeof conditionSchema>;
export type RenewalCondition = z.infer<typeof renewalConditionSchema>;
export type LicenseIssuedCondition = z.infer<typeof licenseIssuedConditionSchema>;
export type CycleDefinition = z.infer<typeof cycleSchema>;
export type FixedCycle = z.infer<typeof fixedCycleSchema>;
export type DueRule = z.infer<typeof dueRuleSchema>;
export type Component = z.infer<typeof componentSchema>;
export type Award = z.infer<typeof awardSchema>;
export type RuleVersion = z.infer<typeof ruleSchema>;
export type RulePack = z.infer<typeof rulePackSchema>;

/** Pairs of versions of one requirement id whose effective ranges overlap (indexes into `rules`). */
export function overlappingVersions(
  rules: readonly Pick<RuleVersion, 'id' | 'effectiveFrom' | 'effectiveTo'>[],
): { index: number; other: number }[] {
  const found: { index: number; other: number }[] = [];
  for (let i = 0; i < rules.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = rules[i];
      const b = rules[j];
      if (a.id !== b.id) continue;
      const aTo = a.effectiveTo ?? '9999-12-31';
      const bTo = b.effectiveTo ?? '9999-12-31';
      if (a.effectiveFrom <= bTo && b.effectiveFrom <= aTo) found.push({ index: i, other: j });
    }
  }
  return found;
}

export interface RulePackIssue {
  /** Where in the pack, e.g. `rules[2].components[0].required`. */
  path: string;
  message: string;
}

/** Thrown for a pack that fails validation; `issues` lists every problem with its path. */
export class RulePackError extends Error {
  constructor(
    readonly label: string,
    readonly issues: RulePackIssue[],
  ) {
    super(
      `Invalid rule pack ${label}:\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`,
    );
    this.name = 'RulePackError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

/**
 * Validates untrusted rule-pack data (parsed JSON). Throws a RulePackError whose message lists every
 * problem by path, e.g. `rules[0].cycle.lengthMonths: Too small: expected number to be >=1`.
 */
export function parseRulePack(data: unknown, label = 'rule pack'): RulePack {
  const result = rulePackSchema.safeParse(data);
  if (result.success) return result.data;
  throw new RulePackError(
    label,
    result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  );
}
