import { z } from 'zod';
import { EVIDENCE_TECHNIQUES } from '../../domain/schemes/package-schema.ts';
import { APPLICATION_STATES } from '../../domain/workflow/index.ts';
import { Id, Instant } from '../common/common.contract.ts';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);
const Label = z.object({ zh: z.string(), en: z.string() });

/** The application's document checklist (申请材料). */
export const DOCUMENT_KINDS = [
  'businessLicence',
  'permits',
  'organisationChart',
  'serviceManual',
  'outletList',
  'managerRoster',
  'satisfactionReports',
  'complaintRecords',
  'trainingRecords',
  'other',
] as const;
export const DocumentKind = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** Documents an application cannot be submitted without. */
export const REQUIRED_DOCUMENTS: readonly DocumentKind[] = [
  'businessLicence',
  'organisationChart',
  'serviceManual',
  'outletList',
  'managerRoster',
];

export const DOCUMENT_LABELS: Record<DocumentKind, { zh: string; en: string }> = {
  businessLicence: { zh: '营业执照', en: 'Business licence' },
  permits: { zh: '行政许可证明', en: 'Permits' },
  organisationChart: { zh: '组织机构图', en: 'Organisation chart' },
  serviceManual: { zh: '售后服务手册', en: 'Service manual' },
  outletList: { zh: '服务网点清单', en: 'Outlet list' },
  managerRoster: { zh: '售后服务管理师名册', en: 'Service manager roster' },
  satisfactionReports: { zh: '顾客满意度调查报告', en: 'Satisfaction reports' },
  complaintRecords: { zh: '投诉处理记录', en: 'Complaint records' },
  trainingRecords: { zh: '培训记录', en: 'Training records' },
  other: { zh: '其他', en: 'Other' },
};

export const ApplicationDocument = z.strictObject({
  kind: DocumentKind,
  title: text(200).optional(),
  /** Evidence references: uploaded file ids (/api/evidence-files) or a description of the record. */
  refs: z.array(text(500)).max(50).default([]),
  note: z.string().trim().max(2000).optional(),
});
export type ApplicationDocument = z.infer<typeof ApplicationDocument>;

const SchemeRef = z.strictObject({ urn: text(200), version: text(50) });

export const ApplicationCreateBody = z
  .strictObject({
    /** The client organisation; a client's own users may leave it out. */
    clientId: Id.optional(),
    scheme: SchemeRef.default({ urn: 'urn:starmark:scheme:gbt27922:2011', version: '1.0.0' }),
    /** Default: the client's registry record. */
    enterpriseType: z.enum(['production', 'salesService']).optional(),
    scopeZh: text(4000),
    scopeEn: text(4000).optional(),
    productCategories: z.array(text(100)).max(100).optional(),
    /** Outlets in scope; default: every active outlet of the client. */
    outletIds: z.array(Id).max(20_000).optional(),
    systemOperatingSince: IsoDate.optional(),
    documents: z.array(ApplicationDocument).max(100).optional(),
  })
  .meta({ id: 'ApplicationCreateBody' });
export type ApplicationCreateBody = z.infer<typeof ApplicationCreateBody>;

export const ApplicationUpdateBody = z
  .strictObject({
    version: z.number().int().min(1),
    scheme: SchemeRef.optional(),
    enterpriseType: z.enum(['production', 'salesService']).optional(),
    scopeZh: text(4000).optional(),
    scopeEn: text(4000).nullable().optional(),
    productCategories: z.array(text(100)).max(100).optional(),
    outletIds: z.array(Id).max(20_000).optional(),
    systemOperatingSince: IsoDate.nullable().optional(),
    documents: z.array(ApplicationDocument).max(100).optional(),
  })
  .meta({ id: 'ApplicationUpdateBody' });
export type ApplicationUpdateBody = z.infer<typeof ApplicationUpdateBody>;

export const ApplicationListQuery = z.strictObject({
  clientId: Id.optional(),
  state: z.enum(APPLICATION_STATES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ApplicationListQuery = z.infer<typeof ApplicationListQuery>;

export const TransitionBody = z
  .strictObject({
    version: z.number().int().min(1),
    reasons: z.string().trim().max(4000).optional(),
  })
  .meta({ id: 'WorkflowTransitionBody' });
export type TransitionBody = z.infer<typeof TransitionBody>;

export const EligibilityResponse = z.object({
  eligible: z.boolean(),
  /** The date the checks were made on; a submitted application keeps its snapshot. */
  asOf: z.string(),
  snapshot: z.boolean(),
  checks: z.array(z.object({ code: z.string(), passed: z.boolean(), reason: Label })),
});

export const ApplicationResponse = z
  .object({
    id: z.string(),
    client: z.object({ id: z.string(), name: z.string() }),
    scheme: z.object({ urn: z.string(), version: z.string() }),
    enterpriseType: z.enum(['production', 'salesService']),
    scopeZh: z.string(),
    scopeEn: z.string().nullable(),
    productCategories: z.array(z.string()),
    outlets: z.array(
      z.object({
        id: z.string(),
        code: z.string(),
        name: z.string(),
        provinceCode: z.string().nullable(),
        ownership: z.string(),
      }),
    ),
    systemOperatingSince: z.string().nullable(),
    documents: z.array(
      z.object({
        kind: DocumentKind,
        label: Label,
        title: z.string().nullable(),
        refs: z.array(z.string()),
        note: z.string().nullable(),
        provided: z.boolean(),
      }),
    ),
    requiredDocuments: z.array(z.object({ kind: DocumentKind, label: Label, provided: z.boolean() })),
    eligibility: EligibilityResponse,
    state: z.enum(APPLICATION_STATES),
    stateReason: z.string().nullable(),
    submittedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    contractReviewId: z.string().nullable(),
    programmeId: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'ApplicationResponse' });
export type ApplicationResponse = z.infer<typeof ApplicationResponse>;

export const ApplicationListResponse = z.object({
  items: z.array(ApplicationResponse),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ApplicationListResponse = z.infer<typeof ApplicationListResponse>;

// ── contract review ─────────────────────────────────────────────────────────────────────────────────

const Technique = z.enum(EVIDENCE_TECHNIQUES);

export const ContractReviewUpdateBody = z
  .strictObject({
    version: z.number().int().min(1),
    /** Headcount for the effort table; default: the client's registry record. */
    employees: z.number().int().min(0).max(10_000_000).nullable().optional(),
    /** A new seed draws a new sample (reproducible from the seed). */
    seed: text(100).optional(),
    effortAdjustments: z
      .array(z.strictObject({ personDays: z.number().min(-1000).max(1000), justification: text(2000) }))
      .max(20)
      .optional(),
    sampleChanges: z
      .array(z.strictObject({ outletId: Id, action: z.enum(['add', 'remove']), justification: text(2000) }))
      .max(1000)
      .optional(),
    /** Evaluation techniques chosen per indicator (leaf code → techniques the scheme allows for it). */
    techniques: z.record(z.string(), z.array(Technique).min(1)).optional(),
    dayRate: z.number().min(0).max(10_000_000).optional(),
  })
  .meta({ id: 'ContractReviewUpdateBody' });
export type ContractReviewUpdateBody = z.infer<typeof ContractReviewUpdateBody>;

export const ContractReviewResponse = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    stage: z.string(),
    seed: z.string(),
    employees: z.number().nullable(),
    effort: z.record(z.string(), z.unknown()),
    effortAdjustments: z.array(z.object({ personDays: z.number(), justification: z.string() })),
    sample: z.record(z.string(), z.unknown()),
    /** The outlets to visit after the manual changes, each with why it was chosen. */
    sampledOutlets: z.array(
      z.object({
        outletId: z.string(),
        code: z.string(),
        name: z.string(),
        reason: z.string(),
        why: Label,
      }),
    ),
    sampleChanges: z.array(
      z.object({ outletId: z.string(), action: z.enum(['add', 'remove']), justification: z.string() }),
    ),
    techniques: z.array(
      z.object({
        node: z.string(),
        title: z.string(),
        allowed: z.array(Technique),
        chosen: z.array(Technique),
      }),
    ),
    quote: z.object({
      dayRate: z.number(),
      currency: z.string(),
      personDays: z.number(),
      amount: z.number(),
    }),
    decision: z.enum(['accepted', 'declined']).nullable(),
    decisionReasons: z.string().nullable(),
    decidedAt: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'ContractReviewResponse' });
export type ContractReviewResponse = z.infer<typeof ContractReviewResponse>;

export const AcceptResponse = z.object({
  application: ApplicationResponse,
  programmeId: z.string(),
  evaluationId: z.string(),
});
