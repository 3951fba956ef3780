/**
 * The scheme package format (YAML or JSON): a versioned indicator tree plus the scoring, grading, sampling,
 * effort and lifecycle policies. Every number is data; nothing here has a default value, so the defaults
 * live in the built-in package (schemes/gbt27922-2011/package.yaml), not in code.
 */
import { z } from 'zod';
import { ROUNDING_MODES } from './exact.ts';

export const SCHEME_PACKAGE_FORMAT = 'starmark/scheme-package@1';

export const LocalizedTextSchema = z
  .object({
    zh: z.string().min(1).describe('Chinese (zh-CN) text; the source language'),
    en: z.string().min(1).optional().describe('English text'),
  })
  .strict()
  .meta({ id: 'LocalizedText' });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

export const UrnSchema = z
  .string()
  .regex(/^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/, 'must be a URN such as urn:starmark:scheme:gbt27922:2011');

/** A decimal number or an exact fraction written "a/b" (e.g. "1/3"). */
export const ExactNumberSchema = z
  .union([
    z.number(),
    z.string().regex(/^\s*\d+(\.\d+)?(\s*\/\s*\d+(\.\d+)?)?\s*$/, 'must be a number or "a/b"'),
  ])
  .meta({
    id: 'ExactNumber',
    description: 'A decimal number, or an exact fraction written "a/b" such as "1/3".',
  });

export const RoundingModeSchema = z.enum(ROUNDING_MODES).meta({ id: 'RoundingMode' });

export const EVIDENCE_TECHNIQUES = [
  'documentReview',
  'onSiteHQ',
  'onSiteOutlet',
  'mysteryVisit',
  'customerSurvey',
  'recordSample',
] as const;
export const EvidenceTechniqueSchema = z.enum(EVIDENCE_TECHNIQUES).meta({ id: 'EvidenceTechnique' });
export type EvidenceTechnique = z.infer<typeof EvidenceTechniqueSchema>;

export const AUDIT_STAGES = ['initial', 'surveillance', 'recertification'] as const;
export const AuditStageSchema = z.enum(AUDIT_STAGES);
export type AuditStage = z.infer<typeof AuditStageSchema>;

// ── evaluation methods ────────────────────────────────────────────────────────────────────────────────

export const QualitativeMethodSchema = z
  .object({ kind: z.literal('qualitative') })
  .strict()
  .describe('Conforms → all points; does not → zero.');

export const SampledMethodSchema = z
  .object({ kind: z.literal('sampled') })
  .strict()
  .describe('points × conforming ÷ checked, pooled over every source that checked samples.');

export const MetricBandSchema = z
  .object({
    min: z.number().optional().describe('inclusive lower bound; omitted = no lower bound'),
    max: z.number().optional().describe('exclusive upper bound; omitted = no upper bound'),
    share: ExactNumberSchema.describe('share of the item points awarded in this band, 0…1'),
    label: LocalizedTextSchema.optional(),
  })
  .strict();

export const MetricMethodSchema = z
  .object({
    kind: z.literal('metric'),
    metric: z
      .object({ id: z.string().min(1), title: LocalizedTextSchema, unit: z.string().optional() })
      .strict(),
    range: z
      .object({ min: z.number(), max: z.number() })
      .strict()
      .optional()
      .describe('valid values (inclusive); values outside are refused'),
    bands: z.array(MetricBandSchema).min(1),
    provisional: z.boolean().optional(),
  })
  .strict()
  .describe('Points by bands on a measured value; a value in no band earns zero.');

export const StaffingMethodSchema = z
  .object({
    kind: z.literal('staffing'),
    ratio: ExactNumberSchema.describe('required managers per service management staff, e.g. 0.1'),
    minimum: z.number().int().nonnegative(),
    requiredRounding: RoundingModeSchema.describe('rounding of ratio × staff, e.g. ceil'),
    mode: z.enum(['allOrNothing', 'proportional']),
    provisional: z.boolean().optional(),
  })
  .strict()
  .describe('required = max(minimum, round(ratio × service management staff)).');

export const EvaluationMethodSchema = z
  .discriminatedUnion('kind', [
    QualitativeMethodSchema,
    SampledMethodSchema,
    MetricMethodSchema,
    StaffingMethodSchema,
  ])
  .meta({ id: 'EvaluationMethod' });
export type EvaluationMethod = z.infer<typeof EvaluationMethodSchema>;
export type MetricMethod = z.infer<typeof MetricMethodSchema>;
export type StaffingMethod = z.infer<typeof StaffingMethodSchema>;
export type MethodKind = EvaluationMethod['kind'];

// ── indicator tree ────────────────────────────────────────────────────────────────────────────────────

export interface IndicatorNode {
  urn: string;
  code: string;
  title: LocalizedText;
  points: number;
  provisional?: boolean | undefined;
  codeProvisional?: boolean | undefined;
  source?: string | undefined;
  confidence?: 'H' | 'M' | 'L' | 'P' | undefined;
  excludable?: boolean | undefined;
  guidance?: LocalizedText[] | undefined;
  typicalEvidence?: LocalizedText[] | undefined;
  techniques?: EvidenceTechnique[] | undefined;
  method?: EvaluationMethod | undefined;
  children?: IndicatorNode[] | undefined;
}

export const IndicatorNodeSchema: z.ZodType<IndicatorNode> = z
  .object({
    urn: UrnSchema.describe('stable identifier; evaluations and diffs refer to nodes by it'),
    code: z.string().min(1).describe('clause code, e.g. 5.1.2.2'),
    title: LocalizedTextSchema,
    points: z.number().nonnegative().describe('maximum points; children must add up to it'),
    provisional: z.boolean().optional().describe('points are a provisional default no source confirms'),
    codeProvisional: z.boolean().optional().describe('the clause number is inferred, not confirmed'),
    source: z.string().optional().describe('where the value comes from'),
    confidence: z.enum(['H', 'M', 'L', 'P']).optional(),
    excludable: z.boolean().optional().describe('may be excluded (删减, 6.2.2) with a justification'),
    guidance: z.array(LocalizedTextSchema).optional(),
    typicalEvidence: z.array(LocalizedTextSchema).optional(),
    techniques: z.array(EvidenceTechniqueSchema).optional().describe('evidence techniques that may feed it'),
    method: EvaluationMethodSchema.optional().describe(
      'leaves only; omitted = policies.scoring.defaultMethod',
    ),
    get children() {
      return z.array(IndicatorNodeSchema).optional();
    },
  })
  .strict()
  .meta({ id: 'IndicatorNode' });

// ── policies ──────────────────────────────────────────────────────────────────────────────────────────

export const ScoringPolicySchema = z
  .object({
    scale: z.number().positive().describe('score = achieved ÷ applicable × scale'),
    defaultMethod: z.enum(['qualitative', 'sampled']),
    specialItemsApplied: z
      .enum(['afterNormalisation', 'beforeNormalisation'])
      .describe(
        'after: score − deductions + bonus; before: (achieved − deductions + bonus) ÷ applicable × scale',
      ),
    specialDeduction: z
      .object({
        points: z.number().nonnegative(),
        failCount: z.number().int().positive().describe('this many special deductions fail the evaluation'),
        requiresCorrection: z.boolean(),
        categories: z.array(z.object({ id: z.string().min(1), title: LocalizedTextSchema }).strict()).min(1),
      })
      .strict(),
    specialBonus: z
      .object({ points: z.number().nonnegative(), maxCount: z.number().int().nonnegative() })
      .strict(),
    rounding: z
      .object({
        decimals: z.number().int().min(0).max(6),
        mode: z.union([RoundingModeSchema, z.literal('none')]),
        compareOn: z.enum(['rounded', 'unrounded']).describe('which score thresholds are compared with'),
        provisional: z.boolean().optional(),
      })
      .strict(),
    onUnscorableItem: z
      .enum(['incomplete', 'zeroPoints'])
      .describe('an applicable item without samples or result: stop (incomplete) or count it as zero'),
    provisional: z.boolean().optional(),
    notes: LocalizedTextSchema.optional(),
  })
  .strict();
export type ScoringPolicy = z.infer<typeof ScoringPolicySchema>;

export const GradeLevelSchema = z
  .object({
    id: z.string().min(1),
    title: LocalizedTextSchema,
    minScore: z.number(),
    stars: z.number().int().nonnegative().describe('0 for a level without stars (达标)'),
  })
  .strict();
export type GradeLevel = z.infer<typeof GradeLevelSchema>;

export const GradingPolicySchema = z
  .object({
    levels: z
      .array(GradeLevelSchema)
      .min(1)
      .describe('ascending; the first level is the pass mark; the highest level reached is awarded'),
    starsAfterCompliance: z
      .object({
        enabled: z.boolean(),
        months: z.number().int().nonnegative(),
        outstandingOverride: z.boolean(),
      })
      .strict()
      .describe('stars only after N months at a level without stars, unless outstanding'),
    provisional: z.boolean().optional(),
    notes: LocalizedTextSchema.optional(),
  })
  .strict();
export type GradingPolicy = z.infer<typeof GradingPolicySchema>;

const StageRuleSchema = z
  .object({ factor: ExactNumberSchema.describe('sample = round(factor × √n)'), rounding: RoundingModeSchema })
  .strict();

export const SamplingPolicySchema = z
  .object({
    stages: z
      .object({ initial: StageRuleSchema, surveillance: StageRuleSchema, recertification: StageRuleSchema })
      .strict(),
    minimumOutlets: z.number().int().nonnegative(),
    headquartersAlways: z.boolean(),
    stratifyBy: z.array(z.enum(['region', 'ownership'])),
    coverEveryStratum: z
      .boolean()
      .describe('when the sample is large enough, at least one outlet per stratum'),
    randomShare: ExactNumberSchema.describe('share of the sample drawn at random; the rest by risk'),
    shareRounding: RoundingModeSchema.describe('rounding of randomShare × sample size'),
    riskWeights: z
      .object({
        earlierFinding: z.number().nonnegative(),
        complaint: z.number().nonnegative(),
        newOutlet: z.number().nonnegative(),
      })
      .strict(),
    provisional: z.boolean().optional(),
    notes: LocalizedTextSchema.optional(),
  })
  .strict();
export type SamplingPolicy = z.infer<typeof SamplingPolicySchema>;

export const EffortPolicySchema = z
  .object({
    baseTable: z
      .array(
        z
          .object({
            size: z.string().min(1),
            title: LocalizedTextSchema,
            maxEmployees: z
              .number()
              .int()
              .positive()
              .optional()
              .describe('omitted on the last, open-ended row'),
            personDays: z.number().nonnegative(),
          })
          .strict(),
      )
      .min(1),
    perOutlet: z
      .object({
        personDays: z.number().nonnegative().describe('per visited outlet, and the minimum per outlet'),
        byHeadcount: z
          .array(
            z
              .object({
                maxStaff: z.number().int().positive().optional(),
                personDays: z.number().nonnegative(),
              })
              .strict(),
          )
          .optional(),
      })
      .strict(),
    stageFractions: z
      .object({
        initial: ExactNumberSchema,
        surveillance: ExactNumberSchema,
        recertification: ExactNumberSchema,
      })
      .strict(),
    fractionAppliesTo: z.enum(['base', 'total']),
    rounding: z.object({ step: ExactNumberSchema, mode: RoundingModeSchema }).strict(),
    provisional: z.boolean().optional(),
    notes: LocalizedTextSchema.optional(),
  })
  .strict();
export type EffortPolicy = z.infer<typeof EffortPolicySchema>;

export const LifecyclePolicySchema = z
  .object({
    validityYears: z.number().positive(),
    surveillanceMaxIntervalMonths: z.number().int().positive(),
    recertApplyMonthsBeforeExpiry: z.number().int().nonnegative(),
    provisional: z.boolean().optional(),
  })
  .strict();
export type LifecyclePolicy = z.infer<typeof LifecyclePolicySchema>;

export const PoliciesSchema = z
  .object({
    scoring: ScoringPolicySchema,
    grading: GradingPolicySchema,
    sampling: SamplingPolicySchema,
    effort: EffortPolicySchema,
    lifecycle: LifecyclePolicySchema,
  })
  .strict();
export type Policies = z.infer<typeof PoliciesSchema>;

// ── package ───────────────────────────────────────────────────────────────────────────────────────────

export const SchemeReferenceSchema = z
  .object({ urn: UrnSchema, version: z.string().min(1), contentHash: z.string().min(1).optional() })
  .strict();
export type SchemeReference = z.infer<typeof SchemeReferenceSchema>;

export const SchemePackageSchema = z
  .object({
    format: z.literal(SCHEME_PACKAGE_FORMAT),
    urn: UrnSchema,
    version: z.string().min(1).describe('a published version never changes; any change needs a new one'),
    title: LocalizedTextSchema,
    category: z.enum(['product', 'service', 'managementSystem']),
    standards: z
      .array(
        z
          .object({
            code: z.string().min(1),
            title: LocalizedTextSchema.optional(),
            role: z.enum(['criteria', 'reference']).optional(),
          })
          .strict(),
      )
      .min(1),
    enterpriseTypes: z.array(z.enum(['production', 'salesService', 'serviceProvider'])).min(1),
    publisher: z
      .object({
        kind: z.enum(['reference', 'body']),
        id: z.string().min(1).optional(),
        name: LocalizedTextSchema,
      })
      .strict(),
    derivedFrom: SchemeReferenceSchema.extend({
      overlay: z
        .object({ urn: UrnSchema, version: z.string().min(1) })
        .strict()
        .optional(),
    })
      .strict()
      .optional()
      .describe('set on a body version derived from a reference package'),
    notes: LocalizedTextSchema.optional(),
    tree: IndicatorNodeSchema.describe('the root node (the whole scheme); it may not be excludable'),
    policies: PoliciesSchema,
  })
  .strict()
  .meta({
    id: 'SchemePackage',
    title: 'Starmark scheme package',
    description: 'A versioned certification scheme: indicator tree and policies.',
  });
export type SchemePackage = z.infer<typeof SchemePackageSchema>;
