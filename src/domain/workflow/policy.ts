import { z } from 'zod';

/**
 * The certification body's workflow rules. None of these numbers is fixed by the standard text Starmark
 * has: each is a default that a body sets from its filed certification rule.
 */
export const WorkflowPolicySchema = z
  .object({
    eligibility: z
      .object({
        /** The after-sales service system has operated at least this many months before applying. */
        minMonthsOperating: z.number().int().min(0).default(3),
        requireLegalStatus: z.boolean().default(true),
        requireManagerRoster: z.boolean().default(true),
      })
      .default({ minMonthsOperating: 3, requireLegalStatus: true, requireManagerRoster: true }),
    programme: z
      .object({
        validityYears: z.number().int().min(1).default(3),
        /** The first surveillance falls within this many months of the certificate's issue. */
        firstSurveillanceWithinMonths: z.number().int().min(1).default(12),
        /** Surveillance evaluations are at most this many months apart. */
        surveillanceMaxIntervalMonths: z.number().int().min(1).default(12),
        surveillanceCount: z.number().int().min(0).default(2),
        /** Recertification is applied for this many months before expiry. */
        recertApplyMonthsBeforeExpiry: z.number().int().min(0).default(3),
      })
      .default({
        validityYears: 3,
        firstSurveillanceWithinMonths: 12,
        surveillanceMaxIntervalMonths: 12,
        surveillanceCount: 2,
        recertApplyMonthsBeforeExpiry: 3,
      }),
    team: z
      .object({
        /** No consulting or employment relationship with the client within this many years. */
        impartialityYears: z.number().min(0).default(2),
        /** The same lead for at most this many consecutive cycles. */
        maxConsecutiveCyclesAsLead: z.number().int().min(1).default(3),
        requireIndustryCompetence: z.boolean().default(true),
      })
      .default({ impartialityYears: 2, maxConsecutiveCyclesAsLead: 3, requireIndustryCompetence: true }),
    quote: z
      .object({
        dayRate: z.number().min(0).default(3000),
        currency: z.string().default('CNY'),
      })
      .default({ dayRate: 3000, currency: 'CNY' }),
  })
  .strict();
export type WorkflowPolicy = z.infer<typeof WorkflowPolicySchema>;

export const DEFAULT_WORKFLOW_POLICY: WorkflowPolicy = WorkflowPolicySchema.parse({});
