import { z } from 'zod';
import { EVALUATION_PHASES, EVALUATION_STATES } from '../../domain/workflow/index.ts';
import { Id, Instant } from '../common/common.contract.ts';
import { IsoDate } from '../applications/applications.contract.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const Label = z.object({ zh: z.string(), en: z.string() });
const Version = z.number().int().min(1);

export const EvaluationListQuery = z.strictObject({
  clientId: Id.optional(),
  state: z.enum(EVALUATION_STATES).optional(),
  /** Only evaluations the caller is on the team of. */
  mine: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type EvaluationListQuery = z.infer<typeof EvaluationListQuery>;

export const Site = z.object({
  id: z.string(),
  kind: z.enum(['headquarters', 'outlet']),
  outletId: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  reason: z.enum(['headquarters', 'risk', 'random', 'manual']),
  why: Label,
});

export const TeamMemberResponse = z.object({
  personnelId: z.string(),
  role: z.enum(['lead', 'evaluator', 'expert']),
  name: z.string(),
});

export const EvaluationResponse = z
  .object({
    id: z.string(),
    programmeId: z.string(),
    client: z.object({ id: z.string(), name: z.string() }),
    stage: z.string(),
    engineStage: z.enum(['initial', 'surveillance', 'recertification']),
    reason: z.string().nullable(),
    state: z.enum(EVALUATION_STATES),
    scheme: z.object({ urn: z.string(), version: z.string(), contentHash: z.string() }),
    team: z.array(TeamMemberResponse),
    plannedStart: z.string().nullable(),
    plannedEnd: z.string().nullable(),
    sites: z.array(Site),
    exclusions: z.array(
      z.object({ node: z.string(), justification: z.string(), approvedBy: z.string().optional() }),
    ),
    bonuses: z.array(z.object({ id: z.string(), justification: z.string(), node: z.string().optional() })),
    planSentAt: z.string().nullable(),
    startedAt: z.string().nullable(),
    /** Within inProgress: document review, then on site (null before the start). */
    phase: z.enum(EVALUATION_PHASES).nullable(),
    documentReviewCompletedAt: z.string().nullable(),
    documentReviewCompletedBy: z.string().nullable(),
    submittedAt: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    certificateId: z.string().nullable(),
    progress: z.object({ answered: z.number().int(), total: z.number().int() }),
    findings: z.object({ total: z.number().int(), unresolved: z.number().int(), overdue: z.number().int() }),
    reviews: z.array(
      z.object({
        id: z.string(),
        reviewer: z.string(),
        outcome: z.enum(['approved', 'returned']),
        comments: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
    decisions: z.array(
      z.object({
        id: z.string(),
        decision: z.enum(['grant', 'refuse', 'askMore']),
        decidedBy: z.string(),
        decisionDate: z.string(),
        scoreText: z.string().nullable(),
        level: z.object({ id: z.string(), title: Label, stars: z.number() }).nullable(),
        reasons: z.string().nullable(),
      }),
    ),
    /** What the caller may do next (transitions the state machine and the person rules allow). */
    actions: z.array(z.string()),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'EvaluationResponse' });
export type EvaluationResponse = z.infer<typeof EvaluationResponse>;

export const EvaluationListResponse = z.object({
  items: z.array(EvaluationResponse),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type EvaluationListResponse = z.infer<typeof EvaluationListResponse>;

// ── planning ────────────────────────────────────────────────────────────────────────────────────────

export const CandidatesQuery = z.strictObject({
  role: z.enum(['lead', 'evaluator', 'expert']).default('evaluator'),
});

export const AssignmentBlock = z.object({
  personnelId: z.string(),
  name: z.string(),
  role: z.enum(['lead', 'evaluator', 'expert']),
  code: z.string(),
  reason: Label,
});

export const CandidatesResponse = z.object({
  role: z.enum(['lead', 'evaluator', 'expert']),
  date: z.string(),
  items: z.array(
    z.object({
      personnelId: z.string(),
      name: z.string(),
      allowed: z.boolean(),
      blocks: z.array(AssignmentBlock),
    }),
  ),
});

export const TeamBody = z
  .strictObject({
    version: Version,
    leadId: Id,
    evaluatorIds: z.array(Id).max(50).default([]),
    expertIds: z.array(Id).max(50).default([]),
  })
  .meta({ id: 'EvaluationTeamBody' });
export type TeamBody = z.infer<typeof TeamBody>;

export const PlanBody = z
  .strictObject({
    version: Version,
    plannedStart: IsoDate.nullable().optional(),
    plannedEnd: IsoDate.nullable().optional(),
    /** The outlets to visit (headquarters is always visited); each added outlet says why. */
    outlets: z
      .array(z.strictObject({ outletId: Id, why: text(2000).optional() }))
      .max(10_000)
      .optional(),
  })
  .meta({ id: 'EvaluationPlanBody' });
export type PlanBody = z.infer<typeof PlanBody>;

export const EvaluationVersionBody = z
  .strictObject({ version: Version })
  .meta({ id: 'EvaluationVersionBody' });

// ── execution ───────────────────────────────────────────────────────────────────────────────────────

export const ChecklistResult = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('qualitative'), conforms: z.boolean() }),
  z.strictObject({
    method: z.literal('sampled'),
    checked: z.number().int().min(0).max(1_000_000),
    conforming: z.number().int().min(0).max(1_000_000),
  }),
  z.strictObject({ method: z.literal('metric'), value: z.number() }),
  z.strictObject({
    method: z.literal('staffing'),
    serviceManagementStaff: z.number().int().min(0).max(10_000_000),
    certifiedManagers: z.number().int().min(0).max(10_000_000),
  }),
]);
export type ChecklistResult = z.infer<typeof ChecklistResult>;

export const ChecklistEntryBody = z
  .strictObject({
    version: Version,
    /** The result in the form the item's method needs; null clears it. */
    result: ChecklistResult.nullable().optional(),
    note: z.string().trim().max(4000).nullable().optional(),
    evidence: z.array(text(500)).max(100).optional(),
  })
  .meta({ id: 'ChecklistEntryBody' });
export type ChecklistEntryBody = z.infer<typeof ChecklistEntryBody>;

export const ChecklistQuery = z.strictObject({ siteId: z.string().max(100).optional() });

export const ChecklistEntryResponse = z.object({
  id: z.string(),
  siteId: z.string(),
  node: z.string(),
  title: Label,
  points: z.number(),
  method: z.string(),
  technique: z.string(),
  guidance: z.unknown().optional(),
  excludable: z.boolean(),
  provisional: z.boolean(),
  result: ChecklistResult.nullable(),
  note: z.string().nullable(),
  evidence: z.array(z.string()),
  findings: z.array(
    z.object({ id: z.string(), number: z.number(), severity: z.string(), state: z.string() }),
  ),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type ChecklistEntryResponse = z.infer<typeof ChecklistEntryResponse>;

export const ChecklistResponse = z.object({
  evaluationId: z.string(),
  sites: z.array(
    z.object({
      site: Site,
      answered: z.number().int(),
      total: z.number().int(),
      items: z.array(ChecklistEntryResponse),
    }),
  ),
});
export type ChecklistResponse = z.infer<typeof ChecklistResponse>;

export const SpecialsBody = z
  .strictObject({
    version: Version,
    /** 删减 (6.2.2): only items the scheme marks excludable, each with a justification. */
    exclusions: z.array(z.strictObject({ node: text(200), justification: text(2000) })).max(100),
    /** 特别加分项, each with a justification. */
    bonuses: z.array(z.strictObject({ justification: text(2000), node: text(200).optional() })).max(10),
  })
  .meta({ id: 'EvaluationSpecialsBody' });
export type SpecialsBody = z.infer<typeof SpecialsBody>;

export const EngineJson = z.record(z.string(), z.unknown());

// ── review and decision ─────────────────────────────────────────────────────────────────────────────

export const ReviewBody = z
  .strictObject({
    version: Version,
    outcome: z.enum(['approve', 'return']),
    comments: z.string().trim().max(8000).optional(),
  })
  .meta({ id: 'EvaluationReviewBody' });
export type ReviewBody = z.infer<typeof ReviewBody>;

export const DecisionBody = z
  .strictObject({
    version: Version,
    decision: z.enum(['grant', 'refuse', 'askMore']),
    reasons: z.string().trim().max(8000).optional(),
    /** Why the result is outstanding: lets the scheme's star policy grant stars early (when it allows). */
    outstanding: z.string().trim().min(1).max(2000).optional(),
  })
  .meta({ id: 'CertificationDecisionBody' });
export type DecisionBody = z.infer<typeof DecisionBody>;

export const DecisionResponse = z
  .object({
    id: z.string(),
    evaluationId: z.string(),
    decision: z.enum(['grant', 'refuse', 'askMore']),
    reasons: z.string().nullable(),
    decidedBy: z.string(),
    decisionDate: z.string(),
    score: z.number().nullable(),
    scoreText: z.string().nullable(),
    level: z.object({ id: z.string(), title: Label, stars: z.number() }).nullable(),
    scheme: z.object({ urn: z.string(), version: z.string(), contentHash: z.string() }),
    engineVersion: z.string(),
    /** The evaluation document and the engine's result (with its trace), frozen. */
    document: EngineJson,
    result: EngineJson,
    certificate: z
      .object({
        id: z.string().nullable(),
        error: z.object({ code: z.string(), message: z.string() }).nullable(),
        /** What the decision did to the certificate: issued, renewed, surveillanceRecorded, levelChanged, restored, suspended. */
        actions: z.array(z.string()).optional(),
      })
      .nullable(),
    /** The star policy as frozen: the engine's level, the level granted and why. */
    starPolicy: z
      .object({
        engineLevel: z.object({ id: z.string(), title: Label, stars: z.number() }).nullable(),
        grantedLevel: z.object({ id: z.string(), title: Label, stars: z.number() }).nullable(),
        rule: z.enum(['none', 'starsCapped', 'outstandingOverride']),
        reason: Label.nullable(),
        monthsAtCompliant: z.number().nullable(),
      })
      .optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'CertificationDecisionResponse' });
export type DecisionResponse = z.infer<typeof DecisionResponse>;

export const ReportQuery = z.strictObject({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });
