import { z } from 'zod';
import type { EvaluationDocument } from '../scoring/evaluation-input.ts';
import type { EvaluationResult } from '../scoring/result.ts';
import type { GradingPolicy } from '../schemes/package-schema.ts';
import { monthsBetween, type IsoDate } from './dates.ts';

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
    /**
     * How the body applies the scheme's star policy (grading.starsAfterCompliance: stars only after N
     * months at a level without stars, unless the result is outstanding). Whether the rule is on, N and
     * whether an outstanding result overrides it are scheme data (a body version changes them); these
     * are the body's decision rules around it.
     */
    stars: z
      .object({
        /**
         * An engine score at least this high counts as outstanding by itself (the override then applies
         * without the decision maker's justification); null = only the decision maker's justification.
         */
        outstandingMinScore: z.number().min(0).nullable().default(null),
      })
      .default({ outstandingMinScore: null }),
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

// ── star policy at the decision ───────────────────────────────────────────────────────────────────────

/** An earlier grant in the same certification programme: its decision date and the level granted. */
export interface EarlierGrant {
  decisionDate: IsoDate;
  levelId: string | null;
  stars: number | null;
}

export interface StarPolicyInput {
  grading: Pick<GradingPolicy, 'starsAfterCompliance'>;
  stars: WorkflowPolicy['stars'];
  /** Earlier grants of this programme (any order). */
  earlierGrants: readonly EarlierGrant[];
  decisionDate: IsoDate;
  /** The engine's score before any policy (null when not scored). */
  score: number | null;
  /** The decision maker's reason for calling the result outstanding, if any. */
  outstandingJustification?: string | null;
}

export interface StarPolicyBasis {
  enabled: boolean;
  requiredMonths: number;
  outstandingOverride: boolean;
  /** The first grant of the programme, from which the months at a certified level are counted. */
  certifiedSince: IsoDate | null;
  monthsAtCompliant: number | null;
  outstanding: { by: 'decisionMaker' | 'score'; justification: string } | null;
}

/**
 * The evaluation document's `context` for the engine's star rule at a decision: how many whole months
 * the client has held a certified level in this programme (counted from its first grant; null = never),
 * and whether the result is outstanding (the decision maker's justification, or a score at or above the
 * body's `outstandingMinScore`). Put into the frozen document, so that the engine — and `starmark score`
 * on the exported document — gives the same, policy-applied level.
 */
export function starPolicyContext(input: StarPolicyInput): {
  context: NonNullable<EvaluationDocument['context']>;
  basis: StarPolicyBasis;
} {
  const cap = input.grading.starsAfterCompliance;
  const dates = input.earlierGrants
    .map((g) => g.decisionDate)
    .filter((d) => d <= input.decisionDate)
    .sort();
  const certifiedSince = dates[0] ?? null;
  const monthsAtCompliant = certifiedSince
    ? Math.max(0, monthsBetween(certifiedSince, input.decisionDate))
    : null;
  const given = input.outstandingJustification?.trim();
  const min = input.stars.outstandingMinScore;
  const outstanding: StarPolicyBasis['outstanding'] = !cap.outstandingOverride
    ? null
    : given
      ? { by: 'decisionMaker', justification: given }
      : min !== null && input.score !== null && input.score >= min
        ? {
            by: 'score',
            justification: `得分 ${input.score} ≥ ${min} / score ${input.score} ≥ ${min}`,
          }
        : null;
  return {
    context: {
      monthsAtCompliant,
      ...(outstanding ? { outstanding: { justification: outstanding.justification } } : {}),
    },
    basis: {
      enabled: cap.enabled,
      requiredMonths: cap.months,
      outstandingOverride: cap.outstandingOverride,
      certifiedSince,
      monthsAtCompliant,
      outstanding,
    },
  };
}

type Level = { id: string; title: { zh: string; en?: string }; stars: number };

export interface StarPolicyOutcome {
  /** The level the engine's score reaches before the star policy. */
  engineLevel: Level | null;
  /** The level granted after the star policy. */
  grantedLevel: Level | null;
  /** What decided: no policy, stars held back, or the outstanding override. */
  rule: 'none' | 'starsCapped' | 'outstandingOverride';
  reason: { zh: string; en: string } | null;
}

/** Engine level, policy-applied level and why, read from a (frozen) engine result. */
export function starPolicyOutcome(result: Pick<EvaluationResult, 'outcome'>): StarPolicyOutcome {
  const granted = result.outcome.level;
  const capped = result.outcome.cappedFrom;
  const why = result.outcome.reasons.find(
    (r) => r.code === 'stars_capped' || r.code === 'stars_outstanding_override',
  );
  return {
    engineLevel: capped ?? granted,
    grantedLevel: granted,
    rule: !why ? 'none' : why.code === 'stars_capped' ? 'starsCapped' : 'outstandingOverride',
    reason: why ? { zh: why.zh, en: why.en } : null,
  };
}
