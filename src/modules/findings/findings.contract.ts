import { z } from 'zod';
import { FINDING_SEVERITIES, FINDING_STATES } from '../../domain/workflow/index.ts';
import { Id, Instant } from '../common/common.contract.ts';
import { IsoDate } from '../applications/applications.contract.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const Label = z.object({ zh: z.string(), en: z.string() });
const Version = z.number().int().min(1);

// ── findings ────────────────────────────────────────────────────────────────────────────────────────

export const FindingCreateBody = z
  .strictObject({
    node: text(200),
    siteId: z.string().max(100).optional(),
    severity: z.enum(FINDING_SEVERITIES),
    /** For a special deduction: one of the scheme's categories (law, ownRules, industry, serviceSystem). */
    category: z.string().trim().max(100).optional(),
    description: text(8000),
    /** Default: 30 days from today. */
    dueDate: IsoDate.optional(),
  })
  .meta({ id: 'FindingCreateBody' });
export type FindingCreateBody = z.infer<typeof FindingCreateBody>;

export const FindingAnswerBody = z
  .strictObject({
    version: Version,
    rootCause: text(8000),
    correction: text(8000),
    correctiveAction: text(8000),
    evidence: z.array(text(500)).max(100).default([]),
  })
  .meta({ id: 'FindingAnswerBody' });
export type FindingAnswerBody = z.infer<typeof FindingAnswerBody>;

export const FindingVerdictBody = z
  .strictObject({ version: Version, note: z.string().trim().max(8000).optional() })
  .meta({ id: 'FindingVerdictBody' });
export type FindingVerdictBody = z.infer<typeof FindingVerdictBody>;

export const FindingListQuery = z.strictObject({
  evaluationId: Id.optional(),
  clientId: Id.optional(),
  state: z.enum(FINDING_STATES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type FindingListQuery = z.infer<typeof FindingListQuery>;

export const FindingResponse = z
  .object({
    id: z.string(),
    evaluationId: z.string(),
    client: z.object({ id: z.string(), name: z.string() }),
    ref: z.string(),
    number: z.number().int(),
    node: z.string(),
    nodeTitle: Label.nullable(),
    site: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
    severity: z.enum(FINDING_SEVERITIES),
    category: z.string().nullable(),
    description: z.string(),
    dueDate: z.string(),
    overdue: z.boolean(),
    state: z.enum(FINDING_STATES),
    answer: z
      .object({
        rootCause: z.string(),
        correction: z.string(),
        correctiveAction: z.string(),
        evidence: z.array(z.string()),
      })
      .nullable(),
    answeredAt: z.string().nullable(),
    events: z.array(
      z.object({ at: z.string(), by: z.string(), action: z.string(), note: z.string().nullable() }),
    ),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'FindingResponse' });
export type FindingResponse = z.infer<typeof FindingResponse>;

export const FindingListResponse = z.object({
  items: z.array(FindingResponse),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type FindingListResponse = z.infer<typeof FindingListResponse>;
