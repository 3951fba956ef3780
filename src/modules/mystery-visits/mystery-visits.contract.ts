import { z } from 'zod';
import { CHANNELS, ScenarioContentSchema, VISIT_STATES } from '../../domain/mystery-visits/index.ts';
import { Id, Instant } from '../common/common.contract.ts';

const Version = z.number().int().min(1);
const text = (max: number) => z.string().trim().min(1).max(max);

// ── scenarios ───────────────────────────────────────────────────────────────────────────────────────

export const ScenarioCreateBody = z
  .strictObject({
    code: z.string().regex(/^[A-Z0-9][A-Z0-9_-]{1,39}$/),
    schemeUrn: text(300),
    content: ScenarioContentSchema,
  })
  .meta({ id: 'MysteryScenarioCreateBody' });
export type ScenarioCreateBody = z.infer<typeof ScenarioCreateBody>;

export const ScenarioUpdateBody = z
  .strictObject({ version: Version, content: ScenarioContentSchema })
  .meta({ id: 'MysteryScenarioUpdateBody' });
export type ScenarioUpdateBody = z.infer<typeof ScenarioUpdateBody>;

const ScenarioVersionSummary = z.object({
  id: z.string(),
  number: z.number().int(),
  contentHash: z.string(),
  publishedAt: z.string(),
});

export const ScenarioResponse = z
  .object({
    id: z.string(),
    code: z.string(),
    schemeUrn: z.string(),
    channel: z.enum(CHANNELS),
    title: z.object({ zh: z.string(), en: z.string().nullable() }),
    builtin: z.boolean(),
    status: z.enum(['active', 'retired']),
    /** Content being edited; null when it equals the latest published version. */
    draft: ScenarioContentSchema.nullable(),
    latest: ScenarioVersionSummary.extend({ content: ScenarioContentSchema }).nullable(),
    versions: z.array(ScenarioVersionSummary),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'MysteryScenarioResponse' });
export type ScenarioResponse = z.infer<typeof ScenarioResponse>;

export const ScenarioListResponse = z.object({ items: z.array(ScenarioResponse) });

// ── planning ────────────────────────────────────────────────────────────────────────────────────────

export const PlanVisitsBody = z
  .strictObject({
    scenarioId: Id,
    /** Sampled outlets of the evaluation (site ids). */
    siteIds: z.array(z.string().min(1).max(100)).min(1).max(200),
    /** Visits per outlet. */
    count: z.number().int().min(1).max(20),
    windowStart: z.iso.datetime({ offset: true }),
    windowEnd: z.iso.datetime({ offset: true }),
    shopperId: Id,
  })
  .meta({ id: 'MysteryPlanVisitsBody' });
export type PlanVisitsBody = z.infer<typeof PlanVisitsBody>;

export const ShopperListResponse = z.object({
  items: z.array(z.object({ id: z.string(), displayName: z.string() })),
});

// ── visits ──────────────────────────────────────────────────────────────────────────────────────────

const AnswerValue = z.union([z.enum(['yes', 'no', 'na']), z.number().int().min(1).max(10)]);
const Samples = z.array(
  z.object({
    node: z.string(),
    checked: z.number().int(),
    conforming: z.number().int(),
    nonConforming: z.array(z.string()),
  }),
);

export const VisitResponse = z
  .object({
    id: z.string(),
    ref: z.string(),
    number: z.number().int(),
    evaluationId: z.string(),
    outlet: z.object({ siteId: z.string(), code: z.string(), name: z.string() }),
    channel: z.enum(CHANNELS),
    scenario: z.object({
      id: z.string(),
      code: z.string(),
      versionNumber: z.number().int(),
      contentHash: z.string(),
      content: ScenarioContentSchema,
    }),
    /** Null for the client: it never learns who the shopper is. */
    shopper: z.object({ id: z.string(), displayName: z.string() }).nullable(),
    windowStart: z.string(),
    windowEnd: z.string(),
    state: z.enum(VISIT_STATES),
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    /** Null for the client. */
    gps: z
      .object({ latitude: z.number(), longitude: z.number(), accuracy: z.number(), at: z.string() })
      .nullable(),
    flags: z.array(
      z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
    ),
    submittedAt: z.string().nullable(),
    reviewNote: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    voidReason: z.string().nullable(),
    /** Approved: the samples are frozen and enter the score. */
    locked: z.boolean(),
    samples: Samples,
    answers: z.array(
      z.object({
        questionId: z.string(),
        value: AnswerValue,
        note: z.string().nullable(),
        answeredAt: z.string(),
      }),
    ),
    files: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        kind: z.enum(['photo', 'audio']),
        fileName: z.string(),
        contentType: z.string(),
        size: z.number().int(),
        createdAt: z.string(),
      }),
    ),
    /** The per-question audit log (CB staff only). */
    log: z
      .array(
        z.object({
          seq: z.number().int(),
          event: z.string(),
          questionId: z.string().nullable(),
          oldValue: z.unknown(),
          newValue: z.unknown(),
          reason: z.string().nullable(),
          clientAt: z.string().nullable(),
          shownAt: z.string().nullable(),
          by: z.string(),
          at: z.string(),
        }),
      )
      .nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'MysteryVisitResponse' });
export type VisitResponse = z.infer<typeof VisitResponse>;

export const VisitListResponse = z.object({ items: z.array(VisitResponse) });

export const StartBody = z
  .strictObject({ version: Version, at: Instant.optional() })
  .meta({ id: 'MysteryStartBody' });
export type StartBody = z.infer<typeof StartBody>;

export const CaptureBody = z
  .strictObject({
    version: Version,
    answers: z
      .array(
        z.strictObject({
          questionId: z.string().min(1).max(40),
          value: AnswerValue,
          note: z.string().trim().max(2000).optional(),
          /** When the question was shown and answered on the device. */
          shownAt: Instant.optional(),
          answeredAt: Instant.optional(),
        }),
      )
      .max(200)
      .default([]),
    gps: z
      .strictObject({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        accuracy: z.number().min(0).max(100000),
        at: Instant,
      })
      .optional(),
    /** Ends the visit at this device time. */
    endedAt: Instant.optional(),
  })
  .meta({ id: 'MysteryCaptureBody' });
export type CaptureBody = z.infer<typeof CaptureBody>;

export const SubmitBody = z.strictObject({ version: Version }).meta({ id: 'MysterySubmitBody' });
export type SubmitBody = z.infer<typeof SubmitBody>;

export const ReviewBody = z
  .strictObject({
    version: Version,
    action: z.enum(['approve', 'return', 'void']),
    /** Required to return (what to correct) and to void (how the visit was exposed). */
    note: z.string().trim().max(4000).optional(),
    /** Approving a visit with flags needs them acknowledged. */
    acknowledgeFlags: z.boolean().optional(),
  })
  .meta({ id: 'MysteryReviewBody' });
export type ReviewBody = z.infer<typeof ReviewBody>;

export const ReviewEditBody = z
  .strictObject({
    version: Version,
    questionId: z.string().min(1).max(40),
    value: AnswerValue,
    reason: text(2000),
  })
  .meta({ id: 'MysteryReviewEditBody' });
export type ReviewEditBody = z.infer<typeof ReviewEditBody>;

export const EvidenceQuery = z.strictObject({ key: z.string().min(1).max(40) });
export const FileParams = z.strictObject({ id: Id, fileId: Id });

/** Evaluations whose visits the caller reads (the page's picker; for a client: those with approved visits). */
export const VisitEvaluationList = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        client: z.object({ name: z.string() }),
        stage: z.string(),
        state: z.string(),
        plannedStart: z.string().nullable(),
        /** Visits the caller sees (a client: approved ones). */
        visits: z.number().int(),
        approvedVisits: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'MysteryVisitEvaluationList' });
export type VisitEvaluationList = z.infer<typeof VisitEvaluationList>;

// ── results ─────────────────────────────────────────────────────────────────────────────────────────

const Rate = z.object({
  checked: z.number().int(),
  conforming: z.number().int(),
  rate: z.number().nullable(),
});
export const ResultsResponse = z
  .object({
    evaluationId: z.string(),
    approvedVisits: z.number().int(),
    byOutlet: z.array(
      z
        .object({ siteId: z.string(), code: z.string(), name: z.string(), visits: z.number().int() })
        .extend(Rate.shape),
    ),
    byChannel: z.array(z.object({ channel: z.enum(CHANNELS), visits: z.number().int() }).extend(Rate.shape)),
    weakestQuestions: z.array(
      z
        .object({
          scenarioCode: z.string(),
          questionId: z.string(),
          text: z.object({ zh: z.string(), en: z.string().nullable() }),
          node: z.string(),
          group: z.string(),
        })
        .extend(Rate.shape),
    ),
    heatMap: z.object({
      groups: z.array(z.string()),
      rows: z.array(
        z.object({
          siteId: z.string(),
          code: z.string(),
          name: z.string(),
          cells: z.array(Rate),
        }),
      ),
    }),
  })
  .meta({ id: 'MysteryResultsResponse' });
export type ResultsResponse = z.infer<typeof ResultsResponse>;
