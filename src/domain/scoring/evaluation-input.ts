/**
 * The evaluation document: what `starmark score FILE.json` and the API read. It names the scheme version,
 * gives a result per leaf item, the exclusions (删减), special deductions (特别扣分项) and the special bonus
 * (特别加分项). See docs/scoring.md.
 */
import { z } from 'zod';
import { DomainError, formatPath } from '../errors.ts';
import { AuditStageSchema, EvidenceTechniqueSchema, UrnSchema } from '../schemes/package-schema.ts';

export const EVALUATION_FORMAT = 'starmark/evaluation@1';

const NodeRef = z.string().min(1).describe('node URN or clause code, e.g. "5.1.2.1"');
const EvidenceRefs = z
  .array(z.string().min(1))
  .describe('references to evidence (documents, photos, records)');
const Count = z.number().int().nonnegative();

export const QualitativeObservationSchema = z
  .object({
    source: EvidenceTechniqueSchema.optional(),
    ref: z.string().optional().describe('where it was observed, e.g. an outlet id'),
    conforms: z.boolean(),
    evidence: EvidenceRefs.optional(),
    note: z.string().optional(),
  })
  .strict();

export const SampleRecordSchema = z
  .object({
    source: EvidenceTechniqueSchema.describe(
      'technique that checked the samples; must be allowed by the node',
    ),
    ref: z.string().optional().describe('e.g. outlet id, visit id, survey wave'),
    checked: Count,
    conforming: Count,
    evidence: EvidenceRefs.optional().describe('evidence of the non-conforming samples'),
  })
  .strict();
export type SampleRecord = z.infer<typeof SampleRecordSchema>;

const ResultBase = {
  node: NodeRef,
  evidence: EvidenceRefs.optional(),
  note: z.string().optional(),
};

export const ItemResultSchema = z
  .discriminatedUnion('method', [
    z
      .object({
        ...ResultBase,
        method: z.literal('qualitative'),
        conforms: z.boolean().optional().describe('the judgement; or give observations'),
        observations: z.array(QualitativeObservationSchema).optional().describe('all must conform'),
      })
      .strict(),
    z.object({ ...ResultBase, method: z.literal('sampled'), samples: z.array(SampleRecordSchema) }).strict(),
    z.object({ ...ResultBase, method: z.literal('metric'), value: z.number() }).strict(),
    z
      .object({
        ...ResultBase,
        method: z.literal('staffing'),
        serviceManagementStaff: Count,
        certifiedManagers: Count,
      })
      .strict(),
  ])
  .meta({ id: 'ItemResult' });
export type ItemResult = z.infer<typeof ItemResultSchema>;

export const ExclusionSchema = z
  .object({
    node: NodeRef,
    justification: z.string().trim().min(1),
    approvedBy: z.string().optional(),
  })
  .strict();
export type Exclusion = z.infer<typeof ExclusionSchema>;

export const SpecialDeductionSchema = z
  .object({
    id: z.string().optional(),
    category: z.string().min(1).describe('one of policies.scoring.specialDeduction.categories'),
    finding: z.string().min(1).describe('the finding (不符合) this deduction comes from'),
    description: z.string().optional(),
    node: NodeRef.optional(),
    evidence: EvidenceRefs.optional(),
  })
  .strict();
export type SpecialDeduction = z.infer<typeof SpecialDeductionSchema>;

export const SpecialBonusSchema = z
  .object({
    id: z.string().optional(),
    justification: z.string().trim().min(1),
    node: NodeRef.optional(),
    evidence: EvidenceRefs.optional(),
  })
  .strict();
export type SpecialBonus = z.infer<typeof SpecialBonusSchema>;

export const EvaluationDocumentSchema = z
  .object({
    format: z.literal(EVALUATION_FORMAT).optional(),
    id: z.string().optional(),
    scheme: z
      .object({
        urn: UrnSchema,
        version: z.string().min(1),
        contentHash: z.string().optional().describe('when given, must equal the published content hash'),
      })
      .strict(),
    stage: AuditStageSchema.optional(),
    context: z
      .object({
        monthsAtCompliant: z
          .number()
          .nonnegative()
          .nullable()
          .optional()
          .describe('months the client has held a level without stars; null = never'),
        outstanding: z
          .object({ justification: z.string().trim().min(1) })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    exclusions: z.array(ExclusionSchema).optional(),
    results: z.array(ItemResultSchema),
    specialDeductions: z.array(SpecialDeductionSchema).optional(),
    specialBonuses: z.array(SpecialBonusSchema).optional(),
  })
  .strict()
  .meta({ id: 'EvaluationDocument', title: 'Starmark evaluation document' });
export type EvaluationDocument = z.infer<typeof EvaluationDocumentSchema>;

/**
 * Parses an evaluation document.
 * @throws DomainError `evaluation_invalid` with `details.issues[]` ({ path, message }).
 */
export function parseEvaluationDocument(input: unknown): EvaluationDocument {
  const r = EvaluationDocumentSchema.safeParse(input);
  if (r.success) return r.data;
  throw DomainError.fromIssues(
    r.error.issues.map((i) => ({
      code: 'evaluation_invalid',
      path: formatPath(i.path.map((p) => (typeof p === 'number' ? p : String(p)))),
      message: i.message,
    })),
    'The evaluation document is invalid',
  );
}

export function evaluationDocumentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(EvaluationDocumentSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
