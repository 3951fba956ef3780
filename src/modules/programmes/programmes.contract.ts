import { z } from 'zod';
import { Id, Instant } from '../common/common.contract.ts';

const Label = z.object({ zh: z.string(), en: z.string() });

export const ProgrammeListQuery = z.strictObject({
  clientId: Id.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ProgrammeListQuery = z.infer<typeof ProgrammeListQuery>;

/** What a client sees of an evaluation: the plan once it was sent. */
export const PlannedEvaluation = z.object({
  id: z.string(),
  stage: z.string(),
  state: z.string(),
  plannedStart: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  planSentAt: z.string().nullable(),
  team: z.array(z.object({ name: z.string(), role: z.string() })),
  sites: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      address: z.string().nullable(),
      reason: z.string(),
      why: Label,
    }),
  ),
});

export const ProgrammeResponse = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    client: z.object({ id: z.string(), name: z.string() }),
    scheme: z.object({ urn: z.string(), version: z.string() }),
    state: z.enum(['active', 'closed']),
    decisionDate: z.string().nullable(),
    expiryDate: z.string().nullable(),
    certificateId: z.string().nullable(),
    /** The cycle: initial evaluation, surveillance 1 and 2, recertification, special evaluations. */
    events: z.array(
      z.object({
        stage: z.string(),
        dueBy: z.string().nullable(),
        overdue: z.boolean(),
        why: Label.nullable(),
        evaluation: PlannedEvaluation.nullable(),
      }),
    ),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'ProgrammeResponse' });
export type ProgrammeResponse = z.infer<typeof ProgrammeResponse>;

export const ProgrammeListResponse = z.object({
  items: z.array(ProgrammeResponse),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ProgrammeListResponse = z.infer<typeof ProgrammeListResponse>;

export const ProgrammeEvaluationBody = z
  .strictObject({
    version: z.number().int().min(1),
    /** A due stage of the cycle (surveillance1, surveillance2, recertification) or a special short-notice evaluation. */
    stage: z.string().regex(/^(surveillance\d+|recertification|special)$/),
    /** Why a special evaluation (complaint, change, suspension…). */
    reason: z.string().trim().max(2000).optional(),
  })
  .meta({ id: 'ProgrammeEvaluationBody' });
export type ProgrammeEvaluationBody = z.infer<typeof ProgrammeEvaluationBody>;

export const ProgrammeEvaluationResponse = z.object({
  programme: ProgrammeResponse,
  evaluationId: z.string(),
});
